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
await app.RunAsync();
return 0;
