using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// 核实身份: before account matters are discussed or money moves, the complainant proves they hold
/// the account — by a one-time code to the bound phone or e-mail, or by ID digits plus the bound phone.
/// Routes only: the use cases are <see cref="StartVerification"/>, <see cref="ConfirmVerificationCode"/> and
/// <see cref="CheckIdentity"/>, which mark the complaint verified through <see cref="RecordVerification"/>.
/// </summary>
internal static class VerificationEndpoints
{
    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>().Bind(builder.Configuration.GetSection("Verification"))
            .Validate(o => o.MaxCodesPerHour is > 0 and <= 20 && o.ValidForHours is > 0,
                "Verification options out of range.")
            .ValidateOnStart();
        return builder;
    }

    public static RouteGroupBuilder MapVerification(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets/{id}/verification").WithTags("Verification").RequireAuthorization(Policies.Staff);
        group.MapPost("/", StartVerification.HandleAsync).WithName("StartVerification").WithSummary("Send a one-time code to the customer's bound phone or e-mail.");
        group.MapPost("/{challengeId:guid}/confirm", ConfirmVerificationCode.HandleAsync).WithName("ConfirmVerification").WithSummary("Check the code the customer received.");
        group.MapPost("/id-check", CheckIdentity.HandleAsync).WithName("VerifyByIdAndPhone").WithSummary("Check the last six ID characters and the bound phone.");
        return api;
    }
}
