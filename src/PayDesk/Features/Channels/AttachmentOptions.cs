namespace PayDesk.Features.Channels;

internal sealed class AttachmentOptions
{
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}
