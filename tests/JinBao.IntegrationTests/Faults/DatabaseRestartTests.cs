using JinBao.IntegrationTests.Exchange;
using JinBao.Transfers;

using static JinBao.IntegrationTests.Exchange.CrossProvinceJourney;

namespace JinBao.IntegrationTests.Faults;

/// <summary>
/// Issue 17's first fault, on the three-cluster topology: PostgreSQL restarted (<c>pg_ctl restart -m fast</c>) while
/// the old place approves a dozen cross-province transfers. Every approval is retried the way a city system retries
/// (until the step has moved on), and afterwards every transfer is completed once, with nothing lost or posted twice.
/// The topology is this class's own: the restart ends every connection of its server.
/// <para>
/// Passes since 2026-12-05 (nine runs in a row, docs/reliability.md). It used to fail in most runs: a transfer whose
/// release step and reload both failed in the restart dropped its activation with its resume timer, after answering
/// the approval with that unsaved step, and its saved release waited for the hourly reminder.
/// <c>TransferStorageFaultTests</c> reproduces each such fault without a restart.
/// </para>
/// </summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private const int Transfers = 12;

    private TestPostgres? _postgres;
    private ExchangeTopology? _topology;

    private ExchangeTopology Topology => _topology ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _postgres = await TestPostgres.StartAsync();
        _topology = await ExchangeTopology.StartAsync(_postgres);
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [FaultFact]
    public async Task ApprovalsDuringAPostgresRestart_CompleteEveryTransferOnce_WithTheLedgerBalanced()
    {
        Assert.True(_postgres!.CanRestart, "this test restarts the tests' own PostgreSQL; unset JINBAO_TEST_PG to run it");
        var journeys = Enumerable.Range(0, Transfers).Select(_ => new CrossProvinceJourney(Topology)).ToList();
        await Task.WhenAll(journeys.Select(async journey =>
        {
            await journey.InsureInShenzhenThenChengduAsync();
            await journey.ApplyInChengduAsync();
            await WaitForAsync(journey.TransferInGuangdong, TransferStatus.ContactLetterIssued, seconds: 60);
        }));

        // Shenzhen approves every case while the database goes down and comes back.
        var approvals = journeys.Select(journey => ApproveUntilDecidedAsync(journey.TransferInGuangdong)).ToList();
        await Task.Delay(20);
        await _postgres.RestartAsync();
        await Task.WhenAll(approvals);

        var settled = await Retry.UntilAsync(async () =>
        {
            foreach (var journey in journeys)
            {
                if ((await journey.TransferInSichuan.GetAsync()).Status != TransferStatus.Completed)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(120));
        if (!settled)
        {
            Assert.Fail(await WhereEachTransferIsAsync(journeys));
        }

        foreach (var journey in journeys)
        {
            var done = await journey.TransferInSichuan.GetAsync();
            Assert.Single(done.Timeline, step => step.Status == TransferStatus.CertificateAndFundsSent);
            Assert.Equal(TransferStatus.Completed, (await WaitForAsync(journey.TransferInGuangdong, TransferStatus.Completed, seconds: 60)).Status);
            var merged = (await journey.InSichuan.GetRecordAsync()).Segments.Single(s => s.City == Chengdu);
            Assert.Equal(ShenzhenMonths + 1, merged.Months.Count);                                          // merged once
            Assert.Equal(1L, await LongAsync(AfterRestart(Topology.Sichuan),
                "SELECT count(*) FROM jinbao_events WHERE stream = @s AND type = 'relationship-merged'", ("s", $"person:{journey.Person.Value}")));
        }

        foreach (var cluster in Topology.All)
        {
            Assert.Equal(0L, await LongAsync(AfterRestart(cluster), "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
            Assert.True(await Retry.UntilAsync(async () => await LongAsync(AfterRestart(cluster),
                "SELECT count(*) FROM jinbao_outbox WHERE delivered_at IS NULL") == 0, TimeSpan.FromSeconds(60)), $"{cluster.Id}: documents still waiting");
        }

        // Funds left Shenzhen once per transfer, were cleared nationally once and reached Chengdu once: the same money.
        foreach (var (cluster, movement) in new[] { (Topology.Guangdong, "out"), (Topology.National, "clearing"), (Topology.Sichuan, "in") })
        {
            Assert.Equal(Transfers, await LongAsync(AfterRestart(cluster),
                "SELECT count(DISTINCT movement_id) FROM jinbao_ledger_entries WHERE movement_id LIKE 'transfer:%:' || @movement", ("movement", movement)));
        }

        var sent = await LongAsync(AfterRestart(Topology.Guangdong),
            "SELECT coalesce(sum(amount_fen), 0) FROM jinbao_ledger_entries WHERE movement_id LIKE 'transfer:%:out' AND account = '440300:national-clearing'");
        var received = await LongAsync(AfterRestart(Topology.Sichuan),
            "SELECT coalesce(sum(amount_fen), 0) FROM jinbao_ledger_entries WHERE movement_id LIKE 'transfer:%:in' AND account = '510000:national-clearing'");
        Assert.Equal(journeys.Sum(journey => journey.ExpectedFundsFen), sent);
        Assert.Equal(-sent, received);
    }

    /// <summary>
    /// The cluster's database for this test's own checks after the restart, in a pool of its own: the connections the
    /// test's reads pooled before the restart were ended by it (the silos' own pools are theirs to recover).
    /// </summary>
    private static string AfterRestart(TopologyCluster cluster) =>
        new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString) { ApplicationName = "after-restart" }.ConnectionString;

    /// <summary>What a failure shows: each transfer's step on both sides, and the documents still waiting to leave.</summary>
    private async Task<string> WhereEachTransferIsAsync(IReadOnlyList<CrossProvinceJourney> journeys)
    {
        var lines = new List<string>();
        foreach (var journey in journeys)
        {
            // Storage first: a call to a grain whose activation was dropped activates it, and it resumes what it saved.
            var saved = await SavedTransferAsync(Topology.Guangdong, journey);
            var old = await journey.TransferInGuangdong.GetAsync();
            var @new = await journey.TransferInSichuan.GetAsync();
            lines.Add($"{journey.Transfer}: Guangdong {old.Status} ({string.Join(", ", old.Timeline.Select(t => t.Status))}), Sichuan {@new.Status}; saved in Guangdong: {string.Join(" | ", saved)}");
            if (old.Status != TransferStatus.Completed || @new.Status != TransferStatus.Completed)
            {
                // Where its documents went: each cluster's outbox and inbox rows that name it, delivered or not.
                foreach (var cluster in Topology.All)
                {
                    lines.Add($"  {cluster.Id} outbox: " + string.Join("; ", await Sql.StringsAsync(AfterRestart(cluster),
                        "SELECT type || ' to ' || receiver || ' created=' || created_at::time || ' attempts=' || attempts || ' delivered=' || coalesce(delivered_at::time::text, 'no') || ' error=' || coalesce(last_error, '') FROM jinbao_outbox WHERE document LIKE @id",
                        ("id", $"%{journey.Transfer.Value}%"))));
                    lines.Add($"  {cluster.Id} inbox: " + string.Join("; ", await Sql.StringsAsync(AfterRestart(cluster),
                        "SELECT type || ' from ' || sender || ' received=' || received_at::time || ' attempts=' || attempts || ' processed=' || coalesce(processed_at::time::text, 'no') || ' outcome=' || coalesce(outcome, '') || ' error=' || coalesce(last_error, '') FROM jinbao_inbox WHERE document LIKE @id",
                        ("id", $"%{journey.Transfer.Value}%"))));
                }

                lines.Add("  saved in Sichuan: " + string.Join(" | ", await SavedTransferAsync(Topology.Sichuan, journey)));
            }
        }

        foreach (var cluster in Topology.All)
        {
            lines.Add($"{cluster.Id}: " + string.Join("; ", await Sql.StringsAsync(AfterRestart(cluster),
                "SELECT type || ' to ' || receiver || ' attempts=' || attempts || ' next=' || next_attempt_at || ' error=' || coalesce(last_error, '') FROM jinbao_outbox WHERE delivered_at IS NULL")));
        }

        return "Not every transfer completed after the restart:\n" + string.Join('\n', lines);
    }

    /// <summary>The transfer's stored row in a cluster: its version, step, pending work and when it was written.</summary>
    private static Task<List<string>> SavedTransferAsync(TopologyCluster cluster, CrossProvinceJourney journey) =>
        Sql.StringsAsync(AfterRestart(cluster), """
            SELECT 'v' || version || ' ' || (state ->> 'status') || ' pending=' || (state ->> 'pending') || ' written=' || modifiedon::time
            FROM (SELECT version, modifiedon, convert_from(payloadbinary, 'UTF8')::jsonb AS state
                  FROM orleans_storage WHERE graintypestring = 'pension-transfer') AS transfers
            WHERE state ->> 'citizenId' = @citizen AND state ? 'fromCity'
            """, ("citizen", journey.Person.Value));

    /// <summary>
    /// Approves as a city system does under faults: on an error, look at the case; while it still waits for this
    /// decision, try again. An error can mean "not done" or "done, answer lost": either way the case says which.
    /// </summary>
    private static async Task ApproveUntilDecidedAsync(IPensionTransferGrain transfer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await transfer.ApproveAsync(new TransferDecision(Shenzhen, "no arrears", ShenzhenClerk));
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                try
                {
                    if ((await transfer.GetAsync()).Status != TransferStatus.ContactLetterIssued)
                    {
                        return;
                    }
                }
                catch (Exception) when (DateTime.UtcNow < deadline)
                {
                    // the database is still down: ask again
                }
            }
        }
    }
}
