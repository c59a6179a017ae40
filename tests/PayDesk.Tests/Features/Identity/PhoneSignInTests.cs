using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Identity;

/// <summary>
/// 短信验证码登录 as the use case the web page and the API share (<see cref="PhoneSignIn"/>): codes kept on the
/// server, five tries, single use, five codes an hour, the same answer for unknown numbers, deactivated accounts refused.
/// </summary>
public abstract partial class PhoneSignInTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private async Task<(string Phone, Guid CustomerId)> NewCustomerAsync()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var created = await admin.PostAsJsonAsync("/api/v1/customers", new { name = "赵六", phone });
        created.EnsureSuccessStatusCode();
        return (phone, (await created.Content.ReadFromJsonAsync<CustomerDto>())!.Id);
    }

    private async Task<T> WithSignInAsync<T>(Func<PhoneSignIn, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PhoneSignIn>());
    }

    private Task<PhoneCodeOutcome> SendAsync(string phone) => WithSignInAsync(p => p.SendCodeAsync(phone, CancellationToken.None));

    private Task<PhoneVerifyResult> VerifyAsync(string phone, string code) => WithSignInAsync(p => p.VerifyAsync(phone, code, null, CancellationToken.None));

    private static string Masked(string phone) => phone[..3] + "****" + phone[^4..];

    private async Task<string> LastCodeSentToAsync(string phone)
    {
        await Factory.DispatchNotificationsAsync();
        return SixDigits().Match(Factory.Outbox("sms").Last(m => m.To == Masked(phone)).Body).Value;
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task A_malformed_phone_is_refused_before_any_code_is_issued()
    {
        Assert.Equal(PhoneCodeOutcome.InvalidPhone, await SendAsync("12ab"));
        var result = await VerifyAsync("12ab", "123456");
        Assert.Equal(SignInOutcome.Failed, result.Outcome);
        Assert.Equal("Validation.Phone", result.Error);
        Assert.Null(result.User);
    }

    [Fact]
    public async Task An_unknown_number_gets_the_same_answer_but_no_sms_and_no_sign_in()
    {
        var stranger = TestData.NewPhone();
        Assert.Equal(PhoneCodeOutcome.Sent, await SendAsync(stranger));
        await Factory.DispatchNotificationsAsync();
        Assert.DoesNotContain(Factory.Outbox("sms"), m => m.To == Masked(stranger));
        var guess = await VerifyAsync(stranger, "123456");
        Assert.Equal(SignInOutcome.Failed, guess.Outcome);
        Assert.Null(guess.User);
    }

    [Fact]
    public async Task The_right_code_signs_the_customer_in_once_with_an_account_of_their_own()
    {
        var (phone, customerId) = await NewCustomerAsync();
        Assert.Equal(PhoneCodeOutcome.Sent, await SendAsync(phone));
        var code = await LastCodeSentToAsync(phone);

        var first = await VerifyAsync(phone, code);
        Assert.Equal(SignInOutcome.SignedIn, first.Outcome);
        Assert.Equal(customerId, first.User!.CustomerId);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.Equal([Roles.Customer], await users.GetRolesAsync((await users.FindByIdAsync(first.User.Id.ToString()))!));
        }

        var replay = await VerifyAsync(phone, code);
        Assert.Equal(SignInOutcome.Failed, replay.Outcome);
        Assert.Equal("PhoneLogin.CodeDead", replay.Error);

        // The second sign-in reuses the account made the first time.
        Assert.Equal(PhoneCodeOutcome.Sent, await SendAsync(phone));
        var again = await VerifyAsync(phone, await LastCodeSentToAsync(phone));
        Assert.Equal(first.User.Id, again.User!.Id);
    }

    [Fact]
    public async Task Wrong_codes_count_down_and_the_fifth_kills_the_code()
    {
        var (phone, _) = await NewCustomerAsync();
        await SendAsync(phone);
        var right = await LastCodeSentToAsync(phone);
        var wrong = right == "000000" ? "111111" : "000000";
        for (var left = 4; left >= 1; left--)
        {
            var miss = await VerifyAsync(phone, wrong);
            Assert.Equal(SignInOutcome.Failed, miss.Outcome);
            Assert.Equal("Verification.WrongCode", miss.Error);
            Assert.Equal(left, miss.AttemptsLeft);
        }
        var last = await VerifyAsync(phone, wrong);
        Assert.Equal("PhoneLogin.CodeDead", last.Error);
        var late = await VerifyAsync(phone, right);
        Assert.Equal(SignInOutcome.Failed, late.Outcome);
        Assert.Equal("PhoneLogin.CodeDead", late.Error);
    }

    [Fact]
    public async Task A_number_gets_at_most_five_codes_an_hour()
    {
        var (phone, _) = await NewCustomerAsync();
        for (var i = 0; i < 5; i++) Assert.Equal(PhoneCodeOutcome.Sent, await SendAsync(phone));
        Assert.Equal(PhoneCodeOutcome.TooMany, await SendAsync(phone));
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_even_with_the_right_code()
    {
        var (phone, _) = await NewCustomerAsync();
        await SendAsync(phone);
        var user = (await VerifyAsync(phone, await LastCodeSentToAsync(phone))).User!;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedAt, DateTime.UtcNow));
        }
        await SendAsync(phone);
        var refused = await VerifyAsync(phone, await LastCodeSentToAsync(phone));
        Assert.Equal(SignInOutcome.Deactivated, refused.Outcome);
    }
}

public sealed class PhoneSignInSqliteTests(SqliteHost host) : PhoneSignInTests(host), IClassFixture<SqliteHost>;

public sealed class PhoneSignInPostgresTests(PostgresHost host) : PhoneSignInTests(host), IClassFixture<PostgresHost>;
