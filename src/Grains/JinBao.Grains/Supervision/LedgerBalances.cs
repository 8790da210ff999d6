using JinBao.Supervision;

using Npgsql;

namespace JinBao.Grains.Supervision;

/// <summary>
/// The balances of the cluster's ledger accounts (基金余额), summed from the ledger's entries when asked: the books
/// themselves, not a copy counted from the stream, so a balance on the dashboard is what an auditor would add up.
/// </summary>
/// <remarks>
/// One aggregate over <c>jinbao_ledger_entries</c> per read (the view <c>jinbao_ledger_balances</c>); accounts are per
/// city or province, so the answer is small, but the scan grows with the ledger. A province-sized ledger would want
/// running balances kept per commit batch; the demo's and the tests' do not.
/// </remarks>
public sealed class LedgerBalances(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<FundBalance>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT account, balance_fen, postings FROM jinbao_ledger_balances ORDER BY account");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var balances = new List<FundBalance>();
        while (await reader.ReadAsync(cancellationToken))
        {
            balances.Add(new FundBalance(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return balances;
    }
}
