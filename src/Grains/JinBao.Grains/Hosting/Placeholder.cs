namespace JinBao.Hosting;

internal static class Placeholder;
