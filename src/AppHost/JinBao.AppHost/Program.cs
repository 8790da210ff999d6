// The local topology runner arrives with the AppHost issue; until then it says so instead of pretending.
Console.Error.WriteLine("JinBao AppHost: not yet. Start a silo with `dotnet run --project src/Silo/JinBao.Silo` (see README).");
return 1;
