namespace PayDesk.Features.Identity;

internal sealed class SignInOptions
{
    /// <summary>Failed sign-ins for one identifier, from any clients, within the window before untrusted clients wait.</summary>
    public int AccountFailureLimit { get; set; } = 30;
    public int AccountWindowMinutes { get; set; } = 15;
    public int AccountBackoffMinutes { get; set; } = 15;

    /// <summary>Failures one client address can add to an identifier's count within the window.</summary>
    public int FailuresPerClient { get; set; } = 5;

    /// <summary>A device that signed in successfully is trusted for this identifier this long (device cookie).</summary>
    public int TrustedDeviceDays { get; set; } = 180;

    /// <summary>Admins and supervisors must enrol an authenticator app before they can work.</summary>
    public bool RequireTwoFactorForPrivilegedRoles { get; set; }

    /// <summary>
    /// How often every open connection (the chat console) is checked against its account: a sign-out or deactivation on
    /// another instance closes it within this time (on the same instance at once).
    /// </summary>
    public int ConnectionRecheckSeconds { get; set; } = 30;
}
