using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Identity;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Identity;

/// <summary>
/// An open chat-console connection receives pushes without making requests: it must close when its session ends, not at
/// its next call (before, a signed-out or deactivated device kept receiving the chat queue and its conversations).
/// </summary>
public sealed class LiveSessionTests
{
    private sealed record Device(PayDeskFactory.TokenResponse Tokens, HubConnection Hub, TaskCompletionSource Closed);

    private static async Task<(Guid Id, string Email)> NewAgentAsync(PayDeskFactory factory)
    {
        var email = $"agent{TestData.NewPhone()}@paydesk.local";
        await using var scope = factory.Services.CreateAsyncScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
            .CreateAsync(email, "坐席", PayDesk.Infrastructure.Security.Roles.Agent, PayDeskFactory.AdminPassword);
        Assert.True(user is not null, string.Join(" ", errors));
        return (user!.Id, email);
    }

    private static async Task<Device> OpenConsoleAsync(PayDeskFactory factory, string email)
    {
        var login = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = PayDeskFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = (await login.Content.ReadFromJsonAsync<PayDeskFactory.TokenResponse>())!;
        var hub = ChatTests.Connect(factory, bearer: tokens.AccessToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        // Connected and accepted: the console's first call answers.
        await hub.InvokeAsync<IReadOnlyList<object>>("AgentQueue");
        return new Device(tokens, hub, closed);
    }

    private static HttpClient Bearer(PayDeskFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task StaysOpenAsync(Device device)
    {
        Assert.Equal(HubConnectionState.Connected, device.Hub.State);
        await device.Hub.InvokeAsync<IReadOnlyList<object>>("AgentQueue");
        Assert.False(device.Closed.Task.IsCompleted);
    }

    [Fact]
    public async Task Signing_out_closes_that_devices_open_connection_at_once_and_deactivation_closes_the_rest()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Assistant:Enabled"] = "false" });
        var (id, email) = await NewAgentAsync(factory);
        var phone = await OpenConsoleAsync(factory, email);
        var laptop = await OpenConsoleAsync(factory, email);
        var (_, otherEmail) = await NewAgentAsync(factory);
        var colleague = await OpenConsoleAsync(factory, otherEmail);

        // The phone signs out: its connection closes without waiting for its next call (the periodic check is 30 s away).
        Assert.Equal(HttpStatusCode.NoContent, (await Bearer(factory, phone.Tokens.AccessToken).PostAsync("/api/v1/auth/logout", null)).StatusCode);
        await phone.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await StaysOpenAsync(laptop);

        // Deactivated by an administrator: the laptop's connection closes too; a colleague's stays.
        var admin = await factory.AdminClientAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{id}/deactivate", null)).StatusCode);
        await laptop.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await StaysOpenAsync(colleague);
        Assert.Equal(1, factory.Services.GetRequiredService<LiveSessions>().Count);

        // Connecting again with the signed-out token is refused.
        var again = ChatTests.Connect(factory, bearer: phone.Tokens.AccessToken);
        await Assert.ThrowsAnyAsync<Exception>(() => again.StartAsync());
        await colleague.Hub.DisposeAsync();
    }

    [Fact]
    public async Task A_session_ended_on_another_instance_closes_here_at_the_next_periodic_check()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Assistant:Enabled"] = "false",
            ["Security:ConnectionRecheckSeconds"] = "1",
        });
        var (id, email) = await NewAgentAsync(factory);
        var laptop = await OpenConsoleAsync(factory, email);
        var desk = await OpenConsoleAsync(factory, email);
        var (_, otherEmail) = await NewAgentAsync(factory);
        var colleague = await OpenConsoleAsync(factory, otherEmail);

        // Another instance signed the agent out everywhere: all this instance sees is the new stamp in the shared database.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            var user = await db.Users.FindAsync(id);
            user!.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync();
        }
        await laptop.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await desk.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await StaysOpenAsync(colleague);
        await colleague.Hub.DisposeAsync();
    }
}
