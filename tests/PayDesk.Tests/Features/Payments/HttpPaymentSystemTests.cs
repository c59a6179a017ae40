using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Payments;

namespace PayDesk.Tests.Features.Payments;

/// <summary>The HTTP adapter against a scripted back end: the documented contract, 404 as "none", retries of transient failures.</summary>
public sealed class HttpPaymentSystemTests
{
    private sealed class ScriptedBackend(Func<HttpRequestMessage, int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.PathAndQuery + " key=" + request.Headers.GetValues("X-Api-Key").Single());
            return Task.FromResult(answer(request, Requests.Count));
        }
    }

    /// <summary>A back end that never answers.</summary>
    private sealed class SilentBackend : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private static IPaymentSystem Build(HttpMessageHandler backend, TimeSpan? attemptTimeout = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient<IPaymentSystem, HttpPaymentSystem>(http =>
            {
                http.BaseAddress = new Uri("http://payments.test/api/");
                http.DefaultRequestHeaders.Add("X-Api-Key", "k1");
            })
            .ConfigurePrimaryHttpMessageHandler(() => backend)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.Delay = TimeSpan.FromMilliseconds(1);
                o.Retry.UseJitter = false;
                if (attemptTimeout is { } t)
                {
                    o.AttemptTimeout.Timeout = t;
                    o.TotalRequestTimeout.Timeout = t * 3;
                }
            });
        return services.BuildServiceProvider().GetRequiredService<IPaymentSystem>();
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task Reads_a_transaction_in_the_documented_shape()
    {
        var backend = new ScriptedBackend((_, _) => Json("""
            {"serial":"T20261125001","accountId":"6200001","merchant":"美团外卖","amount":199.00,"currency":"CNY","status":"succeeded",
             "occurredAt":"2026-11-25T01:02:03Z","cardMasked":"**** **** **** 1234","refund":"pending","refundAmount":199.00,"refundExpectedBy":"2026-12-01T00:00:00Z"}
            """));
        var transaction = await Build(backend).FindTransactionAsync("T20261125001", CancellationToken.None);

        Assert.Equal(["/api/transactions/T20261125001 key=k1"], backend.Requests);
        Assert.Equal((PaymentStatus.Succeeded, RefundState.Pending, 199.00m), (transaction!.Status, transaction.Refund, transaction.Amount));
    }

    [Fact]
    public async Task Not_found_is_no_record_and_the_search_names_its_window()
    {
        var backend = new ScriptedBackend((request, _) => request.RequestUri!.AbsolutePath.EndsWith("/status")
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : Json("[]"));
        var payments = Build(backend);
        Assert.Null(await payments.GetAccountStatusAsync("6200001", CancellationToken.None));
        Assert.Empty(await payments.SearchAsync("6200001", new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None));
        Assert.StartsWith("/api/accounts/6200001/transactions?from=2026-11-01T00%3A00%3A00", backend.Requests[1]);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_persistent_ones_surface()
    {
        var flaky = new ScriptedBackend((_, n) => n < 3 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : Json("""{"accountId":"6200001","frozen":true,"frozenReason":"风控","frozenAt":null}"""));
        var status = await Build(flaky).GetAccountStatusAsync("6200001", CancellationToken.None);
        Assert.Equal(3, flaky.Requests.Count);
        Assert.True(status!.Frozen);

        var down = new ScriptedBackend((_, _) => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        await Assert.ThrowsAsync<PaymentSystemUnavailableException>(() => Build(down).FindTransactionAsync("T1", CancellationToken.None));
        Assert.True(down.Requests.Count > 1);
    }

    [Fact]
    public async Task A_back_end_that_times_out_or_answers_garbage_is_unavailable_not_a_crash()
    {
        // The resilience handler's timeout is Polly's TimeoutRejectedException, not an HttpRequestException: callers that
        // caught only the latter answered 500 while the payment system hung.
        var silent = await Assert.ThrowsAsync<PaymentSystemUnavailableException>(() =>
            Build(new SilentBackend(), TimeSpan.FromMilliseconds(100)).FindTransactionAsync("T1", CancellationToken.None));
        Assert.IsAssignableFrom<Polly.ExecutionRejectedException>(silent.InnerException);

        var garbage = new ScriptedBackend((_, _) => Json("<html>维护中</html>"));
        await Assert.ThrowsAsync<PaymentSystemUnavailableException>(() => Build(garbage).FindTransactionAsync("T1", CancellationToken.None));

        // The caller's own cancellation stays a cancellation.
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Build(new SilentBackend()).FindTransactionAsync("T1", cancelled.Token));
    }
}
