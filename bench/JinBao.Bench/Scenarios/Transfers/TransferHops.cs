using System.Globalization;
using System.Text;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Exchange;
using JinBao.Bench.Report;
using JinBao.Primitives;
using JinBao.Testing;
using JinBao.Transfers;

namespace JinBao.Bench.Scenarios.Transfers;

/// <summary>
/// A transfer's documents hop by hop, from the times the three databases already hold: the sender's outbox row
/// (created, delivered), national's inbox and outbox rows (received, forwarded), the receiver's inbox row (received,
/// and when it was applied: the commit time of the transaction that marked it processed), and the transfer grains'
/// audit events (applied, completed at each place).
/// </summary>
public sealed class TransferHops
{
    /// <summary>The chain's order; any other type that appears follows, by name.</summary>
    private static readonly string[] ChainOrder =
        [DocumentTypes.ContactLetter, DocumentTypes.CertificateAndFunds, DocumentTypes.Acknowledgement];

    private TransferHops(IReadOnlyList<DocumentHops> documents, IReadOnlyList<PathSegment> path, (int, int) nationalClaims, Spread toCompletedHere, Spread toCompletedThere, bool commitTimes)
    {
        Documents = documents;
        Path = path;
        NationalClaims = nationalClaims;
        AppliedToCompleted = toCompletedHere;
        AppliedToOldPlaceDone = toCompletedThere;
        CommitTimes = commitTimes;
    }

    public IReadOnlyList<DocumentHops> Documents { get; }

    /// <summary>Each transfer's own path from applied to completed at the new place, in segments that add up to it.</summary>
    public IReadOnlyList<PathSegment> Path { get; }

    /// <summary>Of the documents national forwarded, how many its relays claimed more than once, and how many there were.</summary>
    public (int MoreThanOnce, int Forwarded) NationalClaims { get; }

    /// <summary>Applied → completed at the new place (Chengdu's transfer grain, its own clock: no polling).</summary>
    public Spread AppliedToCompleted { get; }

    /// <summary>Applied at the new place → completed at the old place (the acknowledgement applied in Shenzhen).</summary>
    public Spread AppliedToOldPlaceDone { get; }

    /// <summary>Whether "applied" is the commit time (else the applying transaction's start, <c>processed_at</c>).</summary>
    public bool CommitTimes { get; }

    /// <summary>Reads every document the provinces created from <paramref name="since"/> (seconds since 1970, the server's clock) on.</summary>
    public static async Task<TransferHops> MeasureAsync(ExchangeTopology topology, double since)
    {
        var national = topology.National;
        var provinces = new[] { topology.Guangdong, topology.Sichuan };
        var tracked = await Machine.CommitTimes.TrackedAsync(national.ConnectionString);
        var from = $"to_timestamp({since.ToString("R", CultureInfo.InvariantCulture)})";

        // The sender's row: created with the grain's effects, delivered once national stored it and answered.
        var sent = new List<(string Id, string Type, string Sender, string Receiver, double Created, double Delivered)>();
        foreach (var province in provinces)
        {
            foreach (var row in await BenchSql.RowsAsync(province.ConnectionString,
                $"SELECT document_id, type, receiver, {Epoch("created_at")}, {Epoch("delivered_at")} FROM jinbao_outbox WHERE created_at >= {from}"))
            {
                sent.Add(((string)row[0], (string)row[1], province.Id, (string)row[2], Number(row[3]), Number(row[4])));
            }
        }

        // Received rows, by cluster: when stored, and when applied (or, at national for a province, forwarded).
        var applied = tracked ? Epoch("coalesce(pg_xact_commit_timestamp(xmin), processed_at)") : Epoch("processed_at");
        var inboxes = new Dictionary<string, Dictionary<string, (double Received, double Applied)>>();
        foreach (var cluster in topology.All)
        {
            inboxes[cluster.Id] = (await BenchSql.RowsAsync(cluster.ConnectionString,
                    $"SELECT document_id, {Epoch("received_at")}, {applied} FROM jinbao_inbox WHERE received_at >= {from}"))
                .ToDictionary(r => (string)r[0], r => (Number(r[1]), Number(r[2])));
        }

        var nationalRows = await BenchSql.RowsAsync(national.ConnectionString, $"SELECT document_id, {Epoch("delivered_at")}, attempts FROM jinbao_outbox WHERE created_at >= {from}");
        var forwarded = nationalRows.ToDictionary(r => (string)r[0], r => Number(r[1]));
        var forwardedMoreThanOnce = nationalRows.Count(r => Convert.ToInt32(r[2], CultureInfo.InvariantCulture) > 1);

        var documents = new List<DocumentHops>();
        foreach (var group in sent.GroupBy(s => (s.Type, s.Sender, s.Receiver)))
        {
            var (type, sender, receiver) = group.Key;
            var toNational = receiver == national.Id;
            var rows = group.Select(s =>
            {
                (double Received, double Applied) none = (double.NaN, double.NaN);
                var atNational = inboxes[national.Id].GetValueOrDefault(s.Id, none);
                var atReceiver = inboxes.GetValueOrDefault(receiver)?.GetValueOrDefault(s.Id, none) ?? none;
                return (Sent: s.Delivered - s.Created,
                    Forwarded: toNational ? double.NaN : forwarded.GetValueOrDefault(s.Id, double.NaN) - atNational.Received,
                    Applied: atReceiver.Applied - atReceiver.Received,
                    Total: atReceiver.Applied - s.Created);
            }).ToList();
            documents.Add(new DocumentHops(type, sender, receiver, group.Count(),
                Spread.Of(rows.Select(r => r.Sent * 1000)), Spread.Of(rows.Select(r => r.Forwarded * 1000)),
                Spread.Of(rows.Select(r => r.Applied * 1000)), Spread.Of(rows.Select(r => r.Total * 1000))));
        }

        documents.Sort((a, b) => Order(a.Type).CompareTo(Order(b.Type)) is var c && c != 0 ? c : string.CompareOrdinal(a.Type, b.Type));

        // The transfer as each place's grain recorded it (audit events, stamped by the grain when it decided).
        var newPlace = await StepsAsync(topology.Sichuan.ConnectionString, from);
        var oldPlace = await StepsAsync(topology.Guangdong.ConnectionString, from);
        var applications = newPlace.Where(s => s.Value.Applied is not null).ToList();
        var path = PathOf(applications, sent.ToDictionary(s => s.Id, s => s.Created));
        return new TransferHops(documents, path, (forwardedMoreThanOnce, nationalRows.Count),
            Spread.Of(applications.Select(s => (s.Value.Completed - s.Value.Applied!.Value) * 1000 ?? double.NaN)),
            Spread.Of(applications.Select(s => (oldPlace.GetValueOrDefault(s.Key).Completed - s.Value.Applied!.Value) * 1000 ?? double.NaN)),
            tracked);
    }

    /// <summary>The hop table for the transfer's "where the time goes" section.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| Document (sender → receiver) | documents | outbox insert → sent | national received → forwarded | receiver received → applied | outbox insert → applied |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var d in Documents)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {d.Type} ({d.Sender} → {d.Receiver}) | {d.Count:N0} | {d.Sent.Cell} | {(d.Receiver == JinBaoCluster.NationalId ? "— (national applies it)" : d.Forwarded.Cell)} | {d.Applied.Cell} | {d.Total.Cell} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| **transfer:** applied → completed at the new place | {AppliedToCompleted.Count:N0} | | | | {AppliedToCompleted.Cell} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **transfer:** applied → completed at the old place (acknowledgement applied) | {AppliedToOldPlaceDone.Count:N0} | | | | {AppliedToOldPlaceDone.Cell} |");
        return text.ToString();
    }

    /// <summary>The per-transfer path: segments that add up (their means do), with each one's share.</summary>
    public string PathTable()
    {
        var whole = Path[^1].Mean;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| Each transfer's path ({Path[^1].Spread.Count:N0} transfers) | p50 / p99 ms | mean ms | share of the mean |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var segment in Path)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {segment.Name} | {segment.Spread.Cell} | {BenchmarkReport.Number(segment.Mean)} | {(whole > 0 ? (segment.Mean / whole).ToString("P0", CultureInfo.InvariantCulture) : "—")} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// Per transfer: applied at the new place → its contact letter in the outbox → the old place's certificate in its
    /// outbox (the letter crossed the exchange and was applied; the old place released) → completed at the new place
    /// (the certificate crossed, was applied and merged). Document ids are derived from the transfer id and type.
    /// </summary>
    private static List<PathSegment> PathOf(IEnumerable<KeyValuePair<string, (double? Applied, double? Completed)>> transfers, IReadOnlyDictionary<string, double> created)
    {
        var rows = new List<(double Queued, double Crossed, double Completed)>();
        foreach (var (stream, (applied, completed)) in transfers)
        {
            if (TransferId.TryParse(stream["transfer:".Length..], out var id) && applied is { } a && completed is { } f
                && created.TryGetValue(DocumentIds.ForTransfer(id, DocumentTypes.ContactLetter).Value, out var b)
                && created.TryGetValue(DocumentIds.ForTransfer(id, DocumentTypes.CertificateAndFunds).Value, out var d))
            {
                rows.Add(((b - a) * 1000, (d - b) * 1000, (f - d) * 1000));
            }
        }

        return
        [
            new("applied → contact letter in the new place's outbox (approval, state write, effects)", Spread.Of(rows.Select(r => r.Queued)), Mean(rows.Select(r => r.Queued))),
            new("→ certificate in the old place's outbox (the letter through both relays, applied, released by policy)", Spread.Of(rows.Select(r => r.Crossed)), Mean(rows.Select(r => r.Crossed))),
            new("→ completed at the new place (the certificate through both relays, applied, merged)", Spread.Of(rows.Select(r => r.Completed)), Mean(rows.Select(r => r.Completed))),
            new("applied → completed at the new place", Spread.Of(rows.Select(r => r.Queued + r.Crossed + r.Completed)), Mean(rows.Select(r => r.Queued + r.Crossed + r.Completed))),
        ];
    }

    private static double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Average();

    private static int Order(string type) => Array.IndexOf(ChainOrder, type) is var i && i >= 0 ? i : ChainOrder.Length;

    private static string Epoch(string column) => $"extract(epoch FROM {column})::float8";

    private static double Number(object value) => value is DBNull ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>Transfer id → when its grain at this place recorded it applied (new place only) and completed.</summary>
    private static async Task<Dictionary<string, (double? Applied, double? Completed)>> StepsAsync(string connectionString, string from)
    {
        var rows = await BenchSql.RowsAsync(connectionString, $"""
            SELECT stream,
                   extract(epoch FROM min(occurred_at) FILTER (WHERE type = 'transfer-applied'))::float8,
                   extract(epoch FROM min(occurred_at) FILTER (WHERE type = 'transfer-completed'))::float8
            FROM jinbao_events WHERE stream LIKE 'transfer:%' AND occurred_at >= {from} GROUP BY stream
            """);
        return rows.ToDictionary(r => (string)r[0], r => (r[1] is DBNull ? (double?)null : Number(r[1]), r[2] is DBNull ? (double?)null : Number(r[2])));
    }
}

/// <summary>One document type's hops, in ms (p50 / p99): each from the two timestamps that bound it.</summary>
public sealed record DocumentHops(string Type, string Sender, string Receiver, int Count, Spread Sent, Spread Forwarded, Spread Applied, Spread Total);

/// <summary>One segment of a transfer's path, over every transfer of the phase.</summary>
public sealed record PathSegment(string Name, Spread Spread, double Mean);
