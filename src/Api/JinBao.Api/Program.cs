using JinBao.Api.Admin;
using JinBao.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (AdminCommand.Parse(args) is { } command)
{
    return await command.RunAsync(builder.Configuration, Console.Out, Console.Error);
}

builder.AddJinBaoApi();
var app = builder.Build();
app.MapJinBaoApi();
await app.RunAsync();
return 0;
