namespace PayDesk.Features.Channels.Phone;

internal sealed class PhoneOptions
{
    /// <summary>热线 target: answer within 30 seconds of connection (SPEC §1, [S1 §5]).</summary>
    public int AnswerTargetSeconds { get; set; } = 30;
}
