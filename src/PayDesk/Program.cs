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
await app.Services.PrepareAsync(Console.Out);
await app.RunAsync();
return 0;
