namespace JinBao.Grains;

/// <summary>Names shared by the silo wiring and the grains.</summary>
public static class JinBaoStorage
{
    /// <summary>The ADO.NET grain storage provider backed by the cluster's PostgreSQL database.</summary>
    public const string ProviderName = "jinbao";
}
