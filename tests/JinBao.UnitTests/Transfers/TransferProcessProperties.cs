using System.Text.Json;

using FsCheck;
using FsCheck.Xunit;

using JinBao.Errors;
using JinBao.Pensions;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Transfers;

/// <summary>The saga's state machine (spec §3.4) under random decisions from random places.</summary>
public sealed class TransferProcessProperties
{
    private static readonly RegionCode From = RegionCode.Parse("440100");
    private static readonly RegionCode To = RegionCode.Parse("440300");
    private static readonly RegionCode Elsewhere = RegionCode.Parse("510100");
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly Dictionary<TransferStatus, TransferStatus[]> Allowed = new()
    {
        [TransferStatus.Applied] = [TransferStatus.ContactLetterIssued, TransferStatus.Rejected, TransferStatus.Cancelled],
        [TransferStatus.ContactLetterIssued] = [TransferStatus.CertificateAndFundsSent, TransferStatus.Rejected, TransferStatus.Cancelled],
        [TransferStatus.CertificateAndFundsSent] = [TransferStatus.Completed],
        [TransferStatus.Completed] = [],
        [TransferStatus.Rejected] = [],
        [TransferStatus.Cancelled] = [],
    };

    [Property(MaxTest = 500)]
    public bool RandomDecisions_FollowTheSagaAndRefusalsChangeNothing(int[] actions)
    {
        var id = TransferId.New();
        var state = new TransferState();
        var day = 0;
        Process(id, state, day).Apply(CitizenId.Create("440304", new DateOnly(1990, 1, 1), 11), new ApplyForTransfer(
            CitizenId.Create("440304", new DateOnly(1990, 1, 1), 11), From, To, new Requester("city:440300", "k")));

        foreach (var action in actions.Take(40))
        {
            day += Math.Abs(action % 5);
            var process = Process(id, state, day);
            var before = JsonSerializer.Serialize(state);
            var status = state.Status;
            try
            {
                Act(process, action);
            }
            catch (JinBaoException)
            {
                Assert.Equal(before, JsonSerializer.Serialize(state)); // a refused decision changes nothing
                continue;
            }

            if (state.Status != status)
            {
                Assert.Contains(state.Status, Allowed[status]);
            }

            Assert.Equal(state.Timeline.Count, state.Effects.Events.Count); // every step is audited
            if (state.IsFinal)
            {
                Assert.Null(state.DueOn);
                Assert.Equal(PendingWork.None, state.Pending);
            }
            else
            {
                Assert.Equal(WorkingDayCalendar.Official.AddWorkingDays(state.StepStartedOn!.Value, 15), state.DueOn);
            }
        }

        return true;
    }

    private static TransferProcess Process(TransferId id, TransferState state, int day) =>
        new(id, state, WorkingDayCalendar.Official, Start.AddDays(Math.Min(day, 300)));

    private static void Act(TransferProcess process, int action)
    {
        var city = (Math.Abs(action) / 5 % 3) switch { 0 => From, 1 => To, _ => Elsewhere };
        var reason = action % 2 == 0 ? "missing arrears certificate: upload it and apply again" : null;
        var decision = new TransferDecision(city, reason, new Requester($"clerk@{city.Value}", null));
        switch (Math.Abs(action / 15 % 5))
        {
            case 0 or 1:
                process.Approve(decision);
                break;
            case 2:
                process.Reject(decision);
                break;
            case 3:
                process.Cancel(decision);
                break;
            default:
                // The person grain's side: the release and the merge, done only when saved as pending work.
                if (process.State.Pending == PendingWork.Release)
                {
                    process.Released(new TransferCertificate(TransferId.New(), From, "440000", "440300", SegmentKind.Regular, [], Money.Zero, Money.Zero, true));
                }
                else if (process.State.Pending == PendingWork.Merge)
                {
                    process.Merged(new MergeResult(TransferId.New(), 0, 0, Money.Zero));
                }

                break;
        }
    }
}
