using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Exchange;
using JinBao.Grains.Exchange;

namespace JinBao.Bench.Scenarios.Transfers;

/// <summary>Where a transfer's time goes and what would move it, in this run's numbers.</summary>
public static class TransferAnalysis
{
    public static string Write(PhaseMeasurement jinBao, PhaseMeasurement baseline, TransferHops hops, string exchangeRetries, int clients, int nationalSilos, PgbenchResult upsert)
    {
        var queueing = clients / Math.Max(jinBao.Load.PerSecond, 0.001);
        var commitChain = jinBao.WritesPerOperation.WriteTransactions * upsert.MeanLatencyMs / 1000;
        var cpu = jinBao.CpuPerOperation;
        var otherShare = cpu.Other / Math.Max(cpu.Machine, 1e-9);
        var cores = Environment.ProcessorCount;
        var busy = cpu.Machine * jinBao.Load.PerSecond / cores;
        var ceiling = cores / Math.Max(cpu.Machine, 1e-9);
        var needed = cores / Math.Max(baseline.Load.PerSecond, 0.001);
        var pgCeiling = cores / Math.Max(cpu.Postgres + cpu.Other, 1e-9);
        return string.Create(CultureInfo.InvariantCulture, $"""
            - **A JinBao transfer is a chain of signed documents.** It made {jinBao.WritesPerOperation.WriteTransactions:0.0} write transactions across the three databases (the baseline {baseline.WritesPerOperation.WriteTransactions:0}): every cross-province step is a document (contact letter, certificate and funds, acknowledgement; national clears the funds from the certificate and moves custody at the person index on the acknowledgement as it forwards them, so no document of their own) that is saved in the sender's outbox with the grain's effects and handed to the silo's relay as that transaction commits, POSTed to the national exchange which stores it with its forward in one commit before answering, forwarded the same way, applied by the receiving grain (state write + effects) and then stored in the receiver's inbox as processed, and finally marked delivered on both outboxes (group-committed with other rows). Open transfers need no reminder of their own: one sweep per cluster wakes them from their open agency cases.
            - **Where the time goes: the two cores.** JinBao used {cpu.Machine * 1000:0.0} ms of machine CPU per transfer ({cpu.Process * 1000:0.0} ms .NET: the 16 clients and all {nationalSilos + 3} silos in this process; {cpu.Postgres * 1000:0.0} ms PostgreSQL; {cpu.Other * 1000:0.0} ms other processes), so at {jinBao.Load.PerSecond:0.0}/s the {cores} cores were {busy:P0} busy: the phase is CPU-bound, with a ceiling of about {ceiling:0} transfers/s on this machine whatever the concurrency. The baseline used {baseline.CpuPerOperation.Machine * 1000:0.0} ms; matching its {baseline.Load.PerSecond:0}/s would need ≤ {needed * 1000:0.0} ms per transfer. With {clients} transfers in flight each waits about {queueing:0.00} s (Little's law), mostly for a core: {jinBao.WritesPerOperation.WriteTransactions:0.0} write transactions at pgbench's {upsert.MeanLatencyMs:0.0} ms are ≈ {commitChain:0.00} s even if none overlapped. A CPU profile (perf, 2026-12-05) finds no hotspot: the .NET time is spread over Orleans messaging and scheduling, Kestrel and HttpClient (six POSTs per transfer), Npgsql, JSON (states and documents) and ECDSA (three signatures, six verifications); PostgreSQL's over executing, committing and the kernel's context switches. Other processes took {otherShare:P0} of the machine during the phase.
            - **Exchange retries during the phase:** {exchangeRetries}.{Reclaimed(hops, nationalSilos)}
            - **The baseline is not the same product**: it calls the three databases in turn with no signatures, outbox or retries, so a crash between its five transactions leaves a transfer half done; it is the cost floor of the conventional design.

            **Hop by hop, measured** (ms, p50 / p99 per document, from the timestamps the databases hold for the documents created during the phase), then each transfer's own path from applied to completed, in segments that add up:

            {hops.Table().TrimEnd()}

            {hops.PathTable().TrimEnd()}

            - *outbox insert → sent*: the sender's outbox row, `created_at` (the grain's effects transaction) → `delivered_at` (the relay's update once national had stored the document and answered): the handoff to the relay, the POST, national's commit, and the update.
            - *national received → forwarded*: national's inbox `received_at` → its outbox row's `delivered_at`. A province answers national only after its grain applied the document and the inbox row is stored (`ExchangeReceiver.AcceptAsync`), so this hop contains the next column's work as well as national's own.
            - *receiver received → applied*: the receiver's inbox `received_at` (when the request arrived) → {(hops.CommitTimes ? "the commit of the transaction that stored the row processed, after the grain applied the document (state write and effects)" : "`processed_at`, stamped when the row was stored (the server does not track commit times)")}.
            - The hops overlap by the acknowledgements (a sender marks a row delivered after the next hop has begun), so they do not add up to *outbox insert → applied*. {Slowest(hops)}
            - Not held anywhere: how long a document waited in the relay's handoff queue or for a send slot, so that wait and the HTTP call inside *outbox insert → sent* cannot be told apart; and `processed_at` is `now()` of the storing transaction, its start, which is why the applied time is PostgreSQL's commit timestamp (`track_commit_timestamp`, on for the benchmark's server) rather than a product column.

            **The limit it hits.** On this box the three clusters' silos, their three databases and the 16 clients share {cores} cores, so the measured figure is the whole chain's CPU, not one province's capacity. JinBao's PostgreSQL time alone was {cpu.Postgres * 1000:0.0} ms per transfer (the baseline's whole machine time {baseline.CpuPerOperation.Machine * 1000:0.0} ms): with no .NET work at all, the ceiling would be about {pgCeiling:0} transfers/s, {pgCeiling / Math.Max(baseline.Load.PerSecond, 0.001):0.00} × the baseline. {(pgCeiling < baseline.Load.PerSecond ? "The throughput target (≥ 1.0 ×) cannot be met on one 2-core machine by removing overhead" : $"Matching the baseline here would leave the .NET side {Math.Max(needed - cpu.Postgres - cpu.Other, 0) * 1000:0.0} ms per transfer")}; it is met or not by what each province's machines do in a deployment, where a province's silos and database carry only their own part of the chain (see docs/scale.md).

            What would move it next, in order of effect: fewer CPU-milliseconds per transfer, since the cores are the limit. A transfer now crosses as three documents (national clears the funds and moves custody from the certificate and the acknowledgement it forwards; it used to take five). What remains is mostly the exchange's work per document — sign, POST, verify, store, forward, verify, apply, store, mark delivered twice — and the rows it writes: each document's signed JSON is stored four times (the sender's outbox, national's inbox and outbox, the receiver's inbox), where national could keep one copy for both its rows. Past that, the document chain itself (signed, stored before it is acknowledged, at least once) is what the baseline does not do, and it is what lets a silo die at any step. The pooling rules (release, merge) cost microseconds and are not the limit.
            """);
    }

    /// <summary>
    /// A claim is a lease as long as a send may take; a row claimed twice means a send outlived it (or failed and was
    /// retried), and the receiver deduped the second.
    /// </summary>
    private static string Reclaimed((int MoreThanOnce, int Forwarded) claims, int nationalSilos) =>
        claims.MoreThanOnce == 0 ? ""
            : string.Create(CultureInfo.InvariantCulture,
                $" National's relays claimed {claims.MoreThanOnce:N0} of the {claims.Forwarded:N0} documents it forwarded more than once{(nationalSilos > 1 ? $" (with {nationalSilos} relays on one outbox): a send that failed or outlived its lease was sent again — a duplicate POST the receiver dedupes" : "")}.");

    private static string Reclaimed(TransferHops hops, int nationalSilos) => Reclaimed(hops.NationalClaims, nationalSilos);

    private static double ClientRead(PhaseMeasurement phase) => phase.Waits.Where(w => w.Wait == "Client:ClientRead").Sum(w => w.Share);

    /// <summary>The hop with the longest median in this run.</summary>
    private static string Slowest(TransferHops hops)
    {
        var slowest = hops.Documents
            .SelectMany(d => new[] { ("outbox insert → sent", d.Sent), ("national received → forwarded", d.Forwarded), ("receiver received → applied", d.Applied) }
                .Select(h => (Document: d.Type, Hop: h.Item1, h.Item2.P50)))
            .Where(h => !double.IsNaN(h.P50))
            .OrderByDescending(h => h.P50)
            .FirstOrDefault();
        return slowest.Document is null ? "" : string.Create(CultureInfo.InvariantCulture, $"The longest hop at the median was the {slowest.Document}'s *{slowest.Hop}* ({slowest.P50:N0} ms).");
    }
}
