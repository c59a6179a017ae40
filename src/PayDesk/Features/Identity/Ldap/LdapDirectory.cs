using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity.Ldap;

/// <summary>A person as the directory knows them, after their password was accepted.</summary>
internal sealed record DirectoryPerson(string Dn, string? Mail, string? DisplayName, IReadOnlyList<string> Groups);

internal enum DirectoryAnswerKind
{
    Authenticated,
    NotFound,
    Ambiguous,
    WrongPassword,
    Unavailable,
}

internal sealed record DirectoryAnswer(DirectoryAnswerKind Kind, DirectoryPerson? Person = null)
{
    public static readonly DirectoryAnswer NotFound = new(DirectoryAnswerKind.NotFound);
    public static readonly DirectoryAnswer Ambiguous = new(DirectoryAnswerKind.Ambiguous);
    public static readonly DirectoryAnswer WrongPassword = new(DirectoryAnswerKind.WrongPassword);
    public static readonly DirectoryAnswer Unavailable = new(DirectoryAnswerKind.Unavailable);
}

/// <summary>Checks a person's password against the company directory and reads who they are.</summary>
internal interface IDirectoryAuthenticator
{
    Task<DirectoryAnswer> AuthenticateAsync(string identifier, string password, CancellationToken cancellationToken);
}

/// <summary>
/// LDAP (OpenLDAP, Active Directory) through System.DirectoryServices.Protocols: the service account
/// searches the person by what they typed (escaped into the filter), then a second connection binds as
/// that person with their password. Nothing here logs the password, the typed name or the person's DN.
/// </summary>
internal sealed class LdapDirectory(IOptionsMonitor<LdapOptions> options, ILogger<LdapDirectory> logger) : IDirectoryAuthenticator
{
    /// <summary>LDAP result code 49: the DN/password pair was refused (also used by AD for locked or expired accounts).</summary>
    private const int InvalidCredentials = 49;

    public async Task<DirectoryAnswer> AuthenticateAsync(string identifier, string password, CancellationToken cancellationToken)
    {
        // An empty password makes a simple bind "unauthenticated" (RFC 4513 §5.1.2), which many servers
        // answer with success: never send one.
        // A NUL would end the password early in the native library.
        if (string.IsNullOrEmpty(password) || password.Contains('\0') || string.IsNullOrWhiteSpace(identifier)) return DirectoryAnswer.WrongPassword;
        var o = options.CurrentValue;
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        try
        {
            // The protocol library blocks; a thread-pool thread waits for it so a directory that never answers
            // costs this sign-in the timeout and nothing more.
            return await Task.Run(() => Authenticate(o, identifier, password, timeout), cancellationToken)
                .WaitAsync(timeout + TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Directory {Host}:{Port} did not answer within {Seconds} s", o.Host, o.EffectivePort, o.TimeoutSeconds);
            return DirectoryAnswer.Unavailable;
        }
        catch (LdapException e)
        {
            logger.LogWarning("Directory {Host}:{Port} unavailable: LDAP error {Code} {Message}", o.Host, o.EffectivePort, e.ErrorCode, e.Message);
            return DirectoryAnswer.Unavailable;
        }
        catch (DirectoryOperationException e)
        {
            // Wrong search base, refused service account, and the like: the configuration, not the person.
            logger.LogError("Directory search on {Host}:{Port} failed: {ResultCode} {Message}", o.Host, o.EffectivePort,
                e.Response?.ResultCode, e.Response?.ErrorMessage ?? e.Message);
            return DirectoryAnswer.Unavailable;
        }
        catch (DirectoryException e)
        {
            logger.LogWarning("Directory {Host}:{Port} unavailable: {Message}", o.Host, o.EffectivePort, e.Message);
            return DirectoryAnswer.Unavailable;
        }
    }

    private DirectoryAnswer Authenticate(LdapOptions o, string identifier, string password, TimeSpan timeout)
    {
        DirectoryPerson person;
        using (var service = Connect(o, timeout))
        {
            if (string.IsNullOrEmpty(o.BindDn))
            {
                service.AuthType = AuthType.Anonymous;
                service.Bind();
            }
            else
            {
                service.Bind(new NetworkCredential(o.BindDn, o.BindPassword));
            }
            var attributes = new[] { o.MailAttribute, o.DisplayNameAttribute, "cn", o.GroupAttribute };
            var request = new SearchRequest(o.UserSearchBase, LdapFilter.Format(o.UserFilter, identifier), SearchScope.Subtree, attributes)
            {
                // Two are enough to know the answer is not one person.
                SizeLimit = 2,
                TimeLimit = timeout,
            };
            SearchResponse response;
            try
            {
                response = (SearchResponse)service.SendRequest(request, timeout);
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
            {
                logger.LogWarning("Directory sign-in refused: the user filter matched more than one entry");
                return DirectoryAnswer.Ambiguous;
            }
            if (response.Entries.Count == 0) return DirectoryAnswer.NotFound;
            if (response.Entries.Count > 1)
            {
                logger.LogWarning("Directory sign-in refused: the user filter matched more than one entry");
                return DirectoryAnswer.Ambiguous;
            }
            var entry = response.Entries[0];
            person = new DirectoryPerson(
                entry.DistinguishedName,
                Values(entry, o.MailAttribute).FirstOrDefault(),
                Values(entry, o.DisplayNameAttribute).FirstOrDefault() ?? Values(entry, "cn").FirstOrDefault(),
                Values(entry, o.GroupAttribute));
        }

        using var user = Connect(o, timeout);
        try
        {
            user.Bind(new NetworkCredential(person.Dn, password));
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            return DirectoryAnswer.WrongPassword;
        }
        return new DirectoryAnswer(DirectoryAnswerKind.Authenticated, person);
    }

    private static LdapConnection Connect(LdapOptions o, TimeSpan timeout)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(o.Host, o.EffectivePort, fullyQualifiedDnsHostName: false, connectionless: false))
        {
            // Both are needed on Linux (STACK-NOTES): without Basic "feature not supported", without v3 "protocol error".
            AuthType = AuthType.Basic,
            Timeout = timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        if (o.UseSsl) connection.SessionOptions.SecureSocketLayer = true;
        if (o.StartTls) connection.SessionOptions.StartTransportLayerSecurity(null);
        return connection;
    }

    private static List<string> Values(SearchResultEntry entry, string attribute)
    {
        foreach (string name in entry.Attributes.AttributeNames)
        {
            if (string.Equals(name, attribute, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Attributes[name].GetValues(typeof(string)).Cast<string>().Where(v => v.Length > 0).ToList();
            }
        }
        return [];
    }
}
