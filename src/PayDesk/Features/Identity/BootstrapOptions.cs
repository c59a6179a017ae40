namespace PayDesk.Features.Identity;

internal sealed class BootstrapOptions
{
    public string AdminEmail { get; set; } = "admin@paydesk.local";
    public string? AdminPassword { get; set; }
    public bool Demo { get; set; } = true;
    public string? DemoPassword { get; set; }
}
