using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Identity;

/// <summary>
/// Passwords are stored as PayDesk ships them: Identity's version-3 format, PBKDF2 with HMAC-SHA512 at 100,000 iterations or
/// more. (Other test hosts hash at <see cref="PayDeskFactory.TestHashIterations"/> to save CPU; this one does not.)
/// </summary>
public sealed class PasswordHashingTests
{
    [Fact]
    public async Task Passwords_are_stored_as_pbkdf2_sha512_with_at_least_100000_iterations_and_still_sign_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new PayDeskFactory(Provider.Sqlite, productionPasswordHashing: true);
        var admin = await factory.AdminClientAsync();
        // The first administrator's password (hashed at first start), then one the administrator changes it to.
        await AssertShippedHashAsync(factory, ct);
        var changed = await admin.PostAsJsonAsync("/api/v1/auth/password",
            new { currentPassword = PayDeskFactory.AdminPassword, newPassword = "Lantern-Harbour-9x-Quay" }, ct);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await AssertShippedHashAsync(factory, ct);
        (await factory.ClientForAsync(PayDeskFactory.AdminEmail, "Lantern-Harbour-9x-Quay")).Dispose();
    }

    private static async Task AssertShippedHashAsync(PayDeskFactory factory, CancellationToken ct)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = Convert.FromBase64String((await db.Users.AsNoTracking().SingleAsync(u => u.Email == PayDeskFactory.AdminEmail, ct)).PasswordHash!);
        Assert.Equal(0x01, stored[0]); // version 3
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(1))); // HMAC-SHA512
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(5));
        Assert.True(iterations >= 100_000, $"{iterations} iterations");
    }
}
