using System.Collections.Concurrent;

using JinBao.Primitives;

namespace JinBao.FaultTests.Load;

/// <summary>What a person does during the run, through the public APIs.</summary>
public enum JourneyKind
{
    /// <summary>Enrolled in Shenzhen, three months declared.</summary>
    Contributions,

    /// <summary>Enrolled in Shenzhen, two months, then the relationship moved to Chengdu (journey 1).</summary>
    Transfer,

    /// <summary>Enrolled in Shenzhen, two months, filed for care in Chengdu and a bill settled there (journey 3).</summary>
    Settlement,
}

/// <summary>One request's last answer: its status (null: none came within the retries) and problem type.</summary>
public sealed record Outcome(string Operation, int? Status, string? Problem)
{
    public bool Accepted => Status is >= 200 and < 300;

    /// <summary>A valid request finally refused (4xx): the fault changed an answer it should not have.</summary>
    public bool Refused => Status is >= 400 and < 500;

    /// <summary>No final answer: the client gave up retrying (no answer, or 503 to the end).</summary>
    public bool Unanswered => Status is null or >= 500;

    public override string ToString() => $"{Operation}: {(Status is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} {Problem}".TrimEnd();
}

/// <summary>One person's journey: what was asked, what was answered, and what the books must show for it.</summary>
public sealed class Journey(string citizenId, JourneyKind kind, string phase)
{
    private readonly ConcurrentQueue<Outcome> _outcomes = new();

    public string CitizenId => citizenId;

    public JourneyKind Kind => kind;

    /// <summary>The phase (fault kind) during which the journey started.</summary>
    public string Phase => phase;

    public IReadOnlyCollection<Outcome> Outcomes => _outcomes;

    /// <summary>Months (yyyy-MM) whose declaration was accepted.</summary>
    public ConcurrentBag<string> DeclaredMonths { get; } = [];

    public string? TransferId { get; set; }

    public string? SettlementId { get; set; }

    /// <summary>The journey reached its end: every step accepted and, for a transfer, the new place says completed.</summary>
    public bool Completed { get; set; }

    /// <summary>Why the journey did not complete, when it did not.</summary>
    public string? Stuck { get; set; }

    /// <summary>For a journey of a phase's burst: the gate it waits at before the step the fault is aimed at.</summary>
    public StepGate? Gate { get; init; }

    public void Record(Outcome outcome) => _outcomes.Enqueue(outcome);
}
