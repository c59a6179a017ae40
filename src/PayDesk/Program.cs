using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Cli;

if (PayDeskCli.IsCommand(args))
{
    return await PayDeskCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(PayDeskHost.Options(args));
builder.AddPayDesk();
var app = builder.Build();
try
{
    app.UsePayDesk();
    await app.Services.PrepareAsync(Console.Out);
}
catch (PayDesk.Features.Identity.StartupProblem problem)
{
    // A setting or a database this build cannot work with (a database from a newer PayDesk, one without its look-up key): one line, exit 2.
    return await CannotStartAsync(problem.Message);
}
catch (Microsoft.Extensions.Options.OptionsValidationException invalid) when (IsTheProgram())
{
    // A setting checked at start (PublicBaseUrl=kefu.example.cn without https://, say): its own words, not a stack trace.
    return await CannotStartAsync(string.Join(" ", invalid.Failures));
}
try
{
    await app.RunAsync();
}
catch (IOException bind) when (bind.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal))
{
    // Kestrel's own words name the address and the cause ("address already in use"); a stack trace and an abort said nothing more.
    return await CannotStartAsync($"{bind.Message} Stop the program listening there, or choose another address (Urls=http://127.0.0.1:5081).");
}
catch (Microsoft.Extensions.Options.OptionsValidationException invalid) when (IsTheProgram())
{
    // The same for the settings validated as the host starts (Channels:Sms:Gateway:Url, Assistant:Llm:Endpoint …).
    return await CannotStartAsync(string.Join(" ", invalid.Failures));
}
catch (AggregateException several) when (IsTheProgram() && several.InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException))
{
    // Two settings wrong at once: the host's check gathers them in one AggregateException, which ended in a stack trace.
    return await CannotStartAsync(string.Join(" ", several.InnerExceptions.Cast<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures)));
}
return 0;

// PayDesk is the program started, not an entry point a test host (WebApplicationFactory) runs: a test host gets the
// exception itself, which is where its tests look for a setting's refusal.
static bool IsTheProgram() => System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly;

// One line on standard error and exit code 2: what a first start that cannot go on says.
static async Task<int> CannotStartAsync(string why)
{
    await Console.Error.WriteLineAsync("PayDesk cannot start: " + why);
    return 2;
}
