using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Cli;

if (PayDeskCli.IsCommand(args))
{
    return await PayDeskCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(PayDeskHost.Options(args));
builder.AddPayDesk();
var app = builder.Build();
app.UsePayDesk();
try
{
    await app.Services.PrepareAsync(Console.Out);
}
catch (PayDesk.Features.Identity.StartupProblem problem)
{
    await Console.Error.WriteLineAsync("PayDesk cannot start: " + problem.Message);
    return 2;
}
try
{
    await app.RunAsync();
}
catch (IOException bind) when (bind.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal))
{
    // Kestrel's own words name the address and the cause ("address already in use"); a stack trace and an abort said nothing more.
    await Console.Error.WriteLineAsync($"PayDesk cannot start: {bind.Message} Stop the program listening there, or choose another address (Urls=http://127.0.0.1:5081).");
    return 2;
}
return 0;
