using System.Globalization;

using JinBao.Bench.Load;
using JinBao.Bench.Machine;

namespace JinBao.Bench.Scenarios.Transfers;

/// <summary>Where a transfer's time goes and what would move it, in this run's numbers.</summary>
public static class TransferAnalysis
{
    public static string Write(PhaseMeasurement jinBao, PhaseMeasurement baseline, string exchangeRetries, int clients, PgbenchResult upsert)
    {
        var queueing = clients / Math.Max(jinBao.Load.PerSecond, 0.001);
        var commitChain = jinBao.WritesPerOperation.WriteTransactions * upsert.MeanLatencyMs / 1000;
        var otherShare = jinBao.CpuPerOperation.Other / Math.Max(jinBao.CpuPerOperation.Machine, 1e-9);
        return string.Create(CultureInfo.InvariantCulture, $"""
            - **A JinBao transfer is a chain of signed documents.** It made {jinBao.WritesPerOperation.WriteTransactions:0} write transactions across the three databases (the baseline {baseline.WritesPerOperation.WriteTransactions:0}): every cross-province step is a document (contact letter, certificate and funds, acknowledgement, custody moved, funds clearing) that is saved in the sender's outbox with the grain's effects, claimed by the relay, POSTed to the national exchange which stores it in its inbox before answering, marked delivered, applied by the receiving grain (state write + effects), and forwarded again by the national relay.
            - **Where the {jinBao.Load.P50 / 1000:0.0} s (p50) go: waiting, not computing.** With {clients} transfers in flight at {jinBao.Load.PerSecond:0.00}/s, each waits about {queueing:0.0} s (Little's law). The chain's own commits account for little of it: {jinBao.WritesPerOperation.WriteTransactions:0} write transactions at pgbench's {upsert.MeanLatencyMs:0.0} ms are ≈ {commitChain:0.00} s even if none overlapped. The process used {jinBao.CpuPerOperation.Process * 1000:0} ms of CPU per transfer and PostgreSQL {jinBao.CpuPerOperation.Postgres * 1000:0} ms, and PostgreSQL's backends mostly sat waiting for their clients ({ClientRead(jinBao):P0} ClientRead). The rest is, most likely, queueing in the exchange (not measured hop by hop): `OutboxRelay.DeliverDueAsync` sends the rows it claims one after another (an HTTP round trip to a receiver that commits before answering, then an `UPDATE … delivered_at` commit), one relay per silo, and every document passes the national cluster's single silo. A `dotnet-trace` thread-time sample of this phase (taken by hand, see docs/benchmarks.md) showed the silos' threads mostly waiting. In this run other processes took {otherShare:P0} of the machine's CPU during the phase (whatever else ran on the box), which stretched every hop.
            - **Exchange retries during the phase:** {exchangeRetries}.
            - **The baseline is not the same product**: it calls the three databases in turn with no signatures, outbox or retries, so a crash between its five transactions leaves a transfer half done; it is the cost floor of the conventional design.

            What would move it: send the claimed documents concurrently (per receiver) or several in one POST, mark a batch delivered in one statement, and run more than one national silo; then fold the relay's claim and delivered updates into fewer commits. The pooling rules (release, merge) cost microseconds and are not the limit.
            """);
    }

    private static double ClientRead(PhaseMeasurement phase) => phase.Waits.Where(w => w.Wait == "Client:ClientRead").Sum(w => w.Share);
}
