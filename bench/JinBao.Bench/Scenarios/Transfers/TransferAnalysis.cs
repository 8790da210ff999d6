using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;
using JinBao.Exchange;

namespace JinBao.Bench.Scenarios.Transfers;

/// <summary>Where a transfer's time goes and what would move it, in this run's numbers.</summary>
public static class TransferAnalysis
{
    public static string Write(PhaseMeasurement jinBao, PhaseMeasurement baseline, TransferHops hops, string exchangeRetries, int clients, int nationalSilos, PgbenchResult upsert)
    {
        var queueing = clients / Math.Max(jinBao.Load.PerSecond, 0.001);
        var commitChain = jinBao.WritesPerOperation.WriteTransactions * upsert.MeanLatencyMs / 1000;
        var otherShare = jinBao.CpuPerOperation.Other / Math.Max(jinBao.CpuPerOperation.Machine, 1e-9);
        return string.Create(CultureInfo.InvariantCulture, $"""
            - **A JinBao transfer is a chain of signed documents.** It made {jinBao.WritesPerOperation.WriteTransactions:0} write transactions across the three databases (the baseline {baseline.WritesPerOperation.WriteTransactions:0}): every cross-province step is a document (contact letter, certificate and funds, acknowledgement, custody moved, funds clearing) that is saved in the sender's outbox with the grain's effects, claimed by the relay, POSTed to the national exchange which stores it in its inbox before answering, marked delivered, applied by the receiving grain (state write + effects), and forwarded again by the national relay.
            - **Where the {jinBao.Load.P50 / 1000:0.0} s (p50) go: waiting, not computing.** With {clients} transfers in flight at {jinBao.Load.PerSecond:0.00}/s, each waits about {queueing:0.0} s (Little's law). The chain's own commits account for little of it: {jinBao.WritesPerOperation.WriteTransactions:0} write transactions at pgbench's {upsert.MeanLatencyMs:0.0} ms are ≈ {commitChain:0.00} s even if none overlapped. The process used {jinBao.CpuPerOperation.Process * 1000:0} ms of CPU per transfer and PostgreSQL {jinBao.CpuPerOperation.Postgres * 1000:0} ms, and PostgreSQL's backends mostly sat waiting for their clients ({ClientRead(jinBao):P0} ClientRead). The table below measures each document's hops: each silo's `OutboxRelay` claims due rows (a lease as long as a send may take), sends them concurrently to a receiver that stores and applies a document before answering, and marks them delivered through the group commit; national ran {nationalSilos} silo{(nationalSilos == 1 ? "" : "s")} (each relay forwards; a province POSTs to the first national URL that answers). In this run other processes took {otherShare:P0} of the machine's CPU during the phase (whatever else ran on the box), which stretched every hop.
            - **Exchange retries during the phase:** {exchangeRetries}.{Reclaimed(hops, nationalSilos)}
            - **The baseline is not the same product**: it calls the three databases in turn with no signatures, outbox or retries, so a crash between its five transactions leaves a transfer half done; it is the cost floor of the conventional design.

            **Hop by hop, measured** (ms, p50 / p99 per document, from the timestamps the databases hold for the documents created during the phase), then each transfer's own path from applied to completed, in segments that add up:

            {hops.Table().TrimEnd()}

            {hops.PathTable().TrimEnd()}

            - *outbox insert → sent*: the sender's outbox row, `created_at` (the grain's effects transaction) → `delivered_at` (the relay's update once national had stored the document and answered): the wait for a relay pass, the POST, national's commit, and the update.
            - *national received → forwarded*: national's inbox `received_at` → its outbox row's `delivered_at`. A province answers national only after storing the document and applying it to its grain (`ExchangeReceiver.AcceptAsync`), so this hop contains the next column's work as well as the wait in national's relay.
            - *receiver received → applied*: the receiver's inbox `received_at` → {(hops.CommitTimes ? "the commit of the transaction that marked the row processed, after the grain applied the document (state write and effects)" : "`processed_at`, stamped when applying began (the server does not track commit times, so the grain's own work is not in it)")}.
            - The hops overlap by the acknowledgements (a sender marks a row delivered after the next hop has begun), so they do not add up to *outbox insert → applied*. {Slowest(hops)}
            - Not held anywhere: when a relay claimed a row (the claim overwrites `attempts` and `next_attempt_at`), so the wait for a relay pass and the HTTP call inside *outbox insert → sent* cannot be told apart; and `processed_at` is `now()` of the applying transaction, its start, which is why the applied time is PostgreSQL's commit timestamp (`track_commit_timestamp`, on for the benchmark's server) rather than a product column.

            What would move it next, in order of effect: the receiving side's two commits per document (the inbox insert before answering, and the processed mark in the transaction that holds the inbox row while the grain applies it) folded into the grain's own write; a transfer grain that takes a received document and the steps its policies decide at once (today the old place writes the letter, then the approval, then the release, one commit after another); the relay's claim folded into the group commit; the deadline reminder registered only when a step waits for a clerk (each registration is its own commit in Orleans' reminder table). The pooling rules (release, merge) cost microseconds and are not the limit.
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
