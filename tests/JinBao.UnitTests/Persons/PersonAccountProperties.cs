using FsCheck;
using FsCheck.Xunit;

using JinBao.Effects;
using JinBao.Ledger;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.UnitTests.Persons;

/// <summary>
/// Random histories against the person's account rules: moves between cities (two share a pooling area), monthly
/// declarations (some replayed, some back-paid for months already paid elsewhere), transfers whose release and merge
/// messages are duplicated and interleaved with other work, and year-end interest (some replayed).
/// </summary>
public sealed class PersonAccountProperties
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly string[] Cities = ["440100", "440600", "440300", "510100", "330100", "310100"];

    [Property(MaxTest = 300)]
    public bool MoneyIsConserved_NoMonthCountsTwice_DrawingPlaceFollowsTheTenYearRule(PositiveInt seed, int[] ops)
    {
        var run = new History(seed.Get);
        foreach (var op in ops.Take(60))
        {
            run.Step(op);
        }

        run.FinishTransfers();
        run.ConsolidateEverythingIntoTheActiveCity();
        return run.Check();
    }

    private sealed class History
    {
        private readonly Random _random;
        private readonly CitizenId _id;
        private readonly PersonState _state = new();
        private readonly Dictionary<MovementId, LedgerMovement> _ledger = [];
        private readonly List<(TransferCertificate Certificate, RegionCode To)> _inFlight = [];
        private readonly HashSet<YearMonth> _paidMonths = [];
        private readonly List<(string Province, YearMonth Month)> _paidWhere = [];
        private readonly RegionCode _hukou;
        private YearMonth _cursor = new(2014, 1); // the wage data (previous year's average) starts in 2013
        private Money _declaredIndividual;
        private Money _refunded;
        private int _transfers;

        public History(int seed)
        {
            _random = new Random(seed);
            // Young enough that no temporary account arises (those are covered by their own examples).
            _id = CitizenId.Create("440304", new DateOnly(1988 + _random.Next(0, 6), 1 + _random.Next(0, 12), 1 + _random.Next(0, 28)), 1 + (2 * _random.Next(0, 400)));
            _hukou = RegionCode.Parse(_random.Next(3) switch { 0 => "440000", 1 => "510000", _ => "410000" });
            Account().Enrol(new EnrolPerson(_hukou, RegionCode.Parse(Cities[_random.Next(Cities.Length)]), _cursor.FirstDay, Requester.System));
            Deliver();
        }

        private PersonAccount Account() => new(_state, _id, PensionParameters.Official, Now);

        private PensionSegment Active => _state.Segments.Single(s => s.Status == SegmentStatus.Active);

        public void Step(int op)
        {
            switch (Math.Abs(op % 7))
            {
                case 0:
                    Move();
                    break;
                case 1 or 2:
                    Declare(months: 1 + Math.Abs(op / 7 % 18));
                    break;
                case 3:
                    BackPayAMonthPaidElsewhere();
                    break;
                case 4:
                    StartTransfer();
                    break;
                case 5:
                    FinishOneTransfer(Math.Abs(op / 7));
                    break;
                default:
                    CreditInterest(2016 + Math.Abs(op / 7 % 10));
                    break;
            }

            Deliver();
        }

        private void Move()
        {
            var city = RegionCode.Parse(Cities[_random.Next(Cities.Length)]);
            Account().Enrol(new EnrolPerson(_hukou, city, _cursor.FirstDay, Requester.System));
        }

        private void Declare(int months)
        {
            for (var i = 0; i < months && _cursor <= new YearMonth(2026, 10); i++)
            {
                var declaration = new DeclareContribution(new DeclarationId($"d-{_cursor}-{Active.City.Value}"), _cursor, Money.FromYuan(3000 + (_random.Next(0, 30) * 1000)), Requester.System);
                DeclareOnce(declaration);
                if (_random.Next(4) == 0)
                {
                    DeclareOnce(declaration); // a replayed declaration changes nothing
                }

                _cursor = _cursor.AddMonths(1);
            }
        }

        private void BackPayAMonthPaidElsewhere()
        {
            var elsewhere = _state.Segments.Where(s => s.Status == SegmentStatus.Dormant).SelectMany(s => s.Months.Keys)
                .Where(m => !Active.Months.ContainsKey(m)).ToList();
            if (elsewhere.Count > 0)
            {
                var month = elsewhere[_random.Next(elsewhere.Count)];
                DeclareOnce(new DeclareContribution(new DeclarationId($"back-{month}-{Active.City.Value}"), month, Money.FromYuan(5000), Requester.System));
            }
        }

        private void DeclareOnce(DeclareContribution declaration)
        {
            var before = Active.IndividualAccountBalance;
            var segment = Active;
            Account().Declare(declaration);
            _declaredIndividual += segment.IndividualAccountBalance - before;
            if (segment.IndividualAccountBalance != before)
            {
                _paidMonths.Add(declaration.Month);
                _paidWhere.Add((segment.Province.Value, declaration.Month));
            }
        }

        private void StartTransfer()
        {
            var from = _state.Segments.FirstOrDefault(s => s.Status == SegmentStatus.Dormant && s.Months.Count > 0);
            if (from is null || _inFlight.Any(t => t.Certificate.FromCity == from.City))
            {
                return;
            }

            var release = new ReleaseForTransfer(new TransferId(new Guid(++_transfers, 0, 0, new byte[8])), from.City, Active.City, _cursor.FirstDay, Requester.System);
            var certificate = Account().Release(release);
            Assert.Equal(certificate, Account().Release(release)); // a duplicated release message returns the same form
            _inFlight.Add((certificate, Active.City));
        }

        private void FinishOneTransfer(int pick)
        {
            if (_inFlight.Count == 0)
            {
                return;
            }

            var (certificate, to) = _inFlight[pick % _inFlight.Count];
            if (_state.Segments.SingleOrDefault(s => s.Status == SegmentStatus.Active)?.City != to)
            {
                Account().Enrol(new EnrolPerson(_hukou, to, _cursor.FirstDay, Requester.System)); // back where the merge is due
            }

            var merge = new MergeTransfer(certificate, to, _cursor.FirstDay, Requester.System);
            var result = Account().Merge(merge);
            Assert.Equal(result, Account().Merge(merge)); // a duplicated merge message changes nothing
            _refunded += result.Refunded;
            _inFlight.RemoveAll(t => t.Certificate.TransferId == certificate.TransferId);
        }

        private void CreditInterest(int year)
        {
            Account().CreditInterest(year, Requester.System);
            Account().CreditInterest(year, Requester.System); // once per year, however often asked
        }

        public void FinishTransfers()
        {
            while (_inFlight.Count > 0)
            {
                FinishOneTransfer(0);
                Deliver();
            }
        }

        public void ConsolidateEverythingIntoTheActiveCity()
        {
            while (_state.Segments.Any(s => s.Status == SegmentStatus.Dormant && s.Months.Count > 0))
            {
                StartTransfer();
                FinishTransfers();
            }
        }

        /// <summary>Simulates the ledger's unique key: a movement id posts once, and a replay must be the same movement.</summary>
        private void Deliver()
        {
            foreach (var movement in _state.Pending.Movements)
            {
                Assert.Equal(Money.Zero, Money.Sum(movement.Legs.Select(l => l.Amount)));
                if (_ledger.TryGetValue(movement.MovementId, out var posted))
                {
                    Assert.Equal(posted.Legs, movement.Legs);
                }

                _ledger[movement.MovementId] = movement;
            }

            _state.Pending.Movements.Clear();
            _state.Pending.Events.Clear();
        }

        public bool Check()
        {
            var live = _state.Segments.Where(s => s.Status != SegmentStatus.TransferredOut).ToList();
            var balances = Money.Sum(live.Select(s => s.IndividualAccountBalance));
            var interest = Money.Sum(_state.Segments.Select(s => s.InterestCredited));
            var legs = _ledger.Values.SelectMany(m => m.Legs).ToList();

            // Money: the ledger sums to zero; nothing is left in transit; the person's individual accounts hold exactly
            // what was contributed plus interest minus refunds, and the ledger agrees account by account.
            Assert.Equal(Money.Zero, Money.Sum(legs.Select(l => l.Amount)));
            Assert.Equal(Money.Zero, Money.Sum(legs.Where(l => l.Account.EndsWith(":transfer-clearing", StringComparison.Ordinal)).Select(l => l.Amount)));
            Assert.Equal(_declaredIndividual + interest - _refunded, balances);
            Assert.Equal(balances, Money.Sum(legs.Where(l => l.Account.EndsWith(":individual-account", StringComparison.Ordinal)).Select(l => l.Amount)));

            // Months: after consolidation every paid month is held once, in one place.
            var held = live.SelectMany(s => s.Months.Keys).ToList();
            Assert.Equal(held.Count, held.Distinct().Count());
            Assert.Equal(_paidMonths.OrderBy(m => m), held.OrderBy(m => m));

            // Drawing place: an independent reading of spec §3.6 over where each month was actually paid.
            if (held.Count == 0)
            {
                return true;
            }

            Assert.Equal(ExpectedDrawingProvince(), Account().DrawingPlace().Province.Value);
            return true;
        }

        private string ExpectedDrawingProvince()
        {
            // Each month counts once, in the province of the relationship that kept it.
            var kept = _state.Segments.Where(s => s.Status != SegmentStatus.TransferredOut)
                .SelectMany(s => s.Months.Select(m => (Province: m.Value.City.Province.Value, Month: m.Key))).ToList();
            var hukou = _hukou.Province.Value;
            var months = kept.GroupBy(m => m.Province).ToDictionary(g => g.Key, g => g.Count());
            var latest = kept.GroupBy(m => m.Province).ToDictionary(g => g.Key, g => g.Max(m => m.Month));
            var current = latest.MaxBy(p => p.Value).Key;
            if (current == hukou)
            {
                return hukou;
            }

            if (months[current] >= 120)
            {
                return current;
            }

            var earlier = latest.Where(p => p.Key != current && months[p.Key] >= 120).OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault();
            return earlier ?? hukou;
        }
    }
}
