using JinBao.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddJinBaoSilo();

var app = builder.Build();
app.MapJinBaoSilo();
await app.RunAsync();
