using System.Globalization;

using JinBao.Bench.Load;

namespace JinBao.Bench.Scenarios.Transfers;

/// <summary>Where a transfer's time goes and what would move it, in this run's numbers.</summary>
public static class TransferAnalysis
{
    public static string Write(PhaseMeasurement jinBao, PhaseMeasurement baseline, string exchangeRetries, int clients)
    {
        var queueing = clients / Math.Max(jinBao.Load.PerSecond, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"""
            - **A JinBao transfer is a chain of signed documents.** It made {jinBao.WritesPerOperation.WriteTransactions:0} write transactions across the three databases (the baseline {baseline.WritesPerOperation.WriteTransactions:0}): every cross-province step is a document (contact letter, certificate and funds, acknowledgement, custody moved, funds clearing) that is saved in the sender's outbox with the grain's effects, claimed by the relay, POSTed to the national exchange which stores it in its inbox before answering, marked delivered, applied by the receiving grain (state write + effects), and forwarded again by the national relay.
            - **The relay is serial, and the national cluster has one silo.** `OutboxRelay.DeliverDueAsync` sends the rows it claims one after another, each an HTTP round trip to a receiver that commits before answering, then an `UPDATE … delivered_at` commit. Every document of every transfer passes through the national silo's loop, so with {clients} transfers in flight most of a transfer's {jinBao.Load.P50 / 1000:0.0} s (p50) is queueing there: {clients} ÷ {jinBao.Load.PerSecond:0.00}/s ≈ {queueing:0.0} s by Little's law. A `dotnet-trace` thread-time sample of this phase (taken by hand, see docs/benchmarks.md) showed the silos' threads mostly waiting, not computing.
            - **Exchange retries during the phase:** {exchangeRetries}.
            - **The baseline is not the same product**: it calls the three databases in turn with no signatures, outbox or retries, so a crash between its five transactions leaves a transfer half done; it is the cost floor of the conventional design.

            What would move it: send the claimed documents concurrently (per receiver) or several in one POST, mark a batch delivered in one statement, and run more than one national silo; then fold the relay's claim and delivered updates into fewer commits. The pooling rules (release, merge) cost microseconds and are not the limit.
            """);
    }
}
