using JinBao.Api.Admin;
using JinBao.Api.Hosting;

// Help, the admin commands and mistyped commands end here; otherwise every argument (--urls, --Key=Value) is the host's.
if (await ApiCommandLine.RunAsync(args, () => WebApplication.CreateBuilder().Configuration, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddJinBaoApi();
var app = builder.Build();
app.MapJinBaoApi();
await app.RunAsync();
return 0;
