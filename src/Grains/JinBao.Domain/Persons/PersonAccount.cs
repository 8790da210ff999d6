using JinBao.Effects;
using JinBao.Errors;
using JinBao.Ledger;
using JinBao.Pensions;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

namespace JinBao.Persons;

/// <summary>
/// The rules of one person's pension accounts, applied to <see cref="PersonState"/>: pure, no I/O, so that properties can
/// run thousands of random histories against it. Each command either throws a <see cref="JinBaoException"/> having
/// changed nothing, or changes the state and queues the ledger movements and audit events it implies.
/// </summary>
public sealed partial class PersonAccount(PersonState state, CitizenId id, PensionParameters parameters, DateTimeOffset now)
{
    private DateOnly Today => ChinaTime.DateOf(now);

    public PersonState State => state;

    /// <summary>Throws what <see cref="Enrol"/> would refuse, changing nothing; returns the segment active now, if any.</summary>
    public PensionSegment? EnsureCanEnrol(EnrolPerson command)
    {
        if (command.InsuringCity.Level != RegionLevel.City)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "enrolment-city-level",
                $"{command.InsuringCity.Value} is not a city; enrol the person in a city.");
        }

        if (command.Name is not null)
        {
            PersonName.Validate(command.Name);
        }

        if (state.IsEnrolled && state.HukouRegion != command.HukouRegion)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "hukou-mismatch",
                $"The person's hukou region is recorded as {state.HukouRegion.Value}; a change of hukou is not an enrolment.");
        }

        if (state.Status != PersonStatus.Active)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "person-not-active", $"The person is {state.Status.ToString().ToLowerInvariant()} and cannot be enrolled.");
        }

        return state.Segments.SingleOrDefault(segment => segment.Status == SegmentStatus.Active);
    }

    /// <summary>Enrols the person in a city, or records that they now work in another city (the old segment goes dormant).</summary>
    /// <param name="command">The enrolment.</param>
    /// <param name="previousProvince">
    /// Where the person last contributed, when this cluster does not hold it (the national index knows): decides a
    /// temporary account (spec §3.3) for a person who moved here from another province's cluster.
    /// </param>
    /// <remarks>
    /// A name in the command becomes the recorded name, also on an enrolment that is otherwise a repetition (the way a
    /// city corrects a name); no name keeps the recorded one. The city's directory row is written with every change.
    /// </remarks>
    public void Enrol(EnrolPerson command, RegionCode? previousProvince = null)
    {
        var current = EnsureCanEnrol(command);
        var name = command.Name is null ? null : PersonName.Validate(command.Name);
        if (current?.City == command.InsuringCity)
        {
            // A repeated enrolment; it changes nothing unless it brings a new name.
            if (name is not null && name != state.Name)
            {
                state.Name = name;
                state.Pending.Add(new PersonDirectoryRow(command.InsuringCity.Value, id.Value, name, command.EnrolledOn));
                Audit("person-name-changed", command.Request, new { city = command.InsuringCity.Value, name = PersonName.Mask(name) });
            }

            return;
        }

        var kind = TemporaryAccountApplies(current?.Province ?? previousProvince ?? LatestSegment()?.Province, command) ? SegmentKind.Temporary : SegmentKind.Regular;
        if (current is not null)
        {
            // spec §3.3 rule 4: a temporary account is sealed when its holder moves across provinces again.
            current.Status = current.Kind == SegmentKind.Temporary && current.Province != command.InsuringCity.Province
                ? SegmentStatus.Sealed
                : SegmentStatus.Dormant;
        }

        var segment = state.Segments.FirstOrDefault(s => s.City == command.InsuringCity && s.Status == SegmentStatus.Dormant);
        if (segment is null)
        {
            segment = new PensionSegment
            {
                City = command.InsuringCity,
                PoolingArea = parameters.PoolingAreas.Of(command.InsuringCity),
                Province = command.InsuringCity.Province,
                Kind = kind,
            };
            state.Segments.Add(segment);
        }

        segment.Status = SegmentStatus.Active;
        state.CitizenId = id.Value;
        state.HukouRegion = command.HukouRegion;
        state.InsuringCity = command.InsuringCity;
        if (state.EnrolledOn == default)
        {
            state.EnrolledOn = command.EnrolledOn;
        }

        state.Name = name ?? state.Name;
        state.Pending.Add(new PersonDirectoryRow(command.InsuringCity.Value, id.Value, state.Name, command.EnrolledOn));

        // The audit trail is read by more people than may see the person: the name goes there masked.
        Audit("person-enrolled", command.Request, new
        {
            hukou = command.HukouRegion.Value,
            city = command.InsuringCity.Value,
            area = segment.PoolingArea,
            kind = segment.Kind.ToString(),
            previousCity = current?.City.Value,
            command.EnrolledOn,
            name = name is null ? null : PersonName.Mask(name),
        });
    }

    /// <summary>spec §3.3: a man ≥ 50 or woman ≥ 40 insured across provinces in a non-hukou place gets a temporary account.</summary>
    private bool TemporaryAccountApplies(RegionCode? fromProvince, EnrolPerson command) =>
        (fromProvince is null || fromProvince != command.InsuringCity.Province)
        && TemporaryAccountRule.Applies(id.Sex, id.BirthDate, command.EnrolledOn, command.HukouRegion.Province.Value,
            fromProvince?.Value, command.InsuringCity.Province.Value);

    /// <summary>The segment contributed to last (the place a person with nothing active left).</summary>
    private PensionSegment? LatestSegment() => state.Segments
        .Where(s => s.Months.Count > 0)
        .MaxBy(s => s.Months.Keys.Max());

    /// <summary>
    /// 停保/减员: the employer reports the person left. The active segment goes dormant (relationship and account stay,
    /// spec §3.1); the person can then be enrolled elsewhere. Returns the stopped segment, or null when nothing was active.
    /// </summary>
    public PensionSegment? StopContributing(StopContributing command)
    {
        EnsureEnrolled();
        var active = state.Segments.SingleOrDefault(s => s.Status == SegmentStatus.Active);
        if (active is null)
        {
            return null; // stopped already
        }

        if (active.City != command.City)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "stop-wrong-city",
                $"The person contributes in {active.City.Value}, not {command.City.Value}; only the current city can report that they left.");
        }

        active.Status = SegmentStatus.Dormant;
        Audit("contributions-stopped", command.Request, new { city = active.City.Value, command.StoppedOn });
        return active;
    }

    /// <summary>Records a monthly declaration in the active segment (spec §2.1). A repeated declaration id is a no-op.</summary>
    public void Declare(DeclareContribution command)
    {
        EnsureEnrolled();
        if (state.DeclarationKeys.TryGetValue(command.DeclarationId.Key, out var declaredMonth))
        {
            if (declaredMonth == command.Month)
            {
                return;
            }

            throw new JinBaoException(ErrorKind.RuleViolation, "declaration-id-reused",
                $"Declaration {command.DeclarationId} was already used for {declaredMonth}; use a new id for {command.Month}.");
        }

        if (command.Month > YearMonth.Of(Today))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "contribution-month-future",
                $"{command.Month} is in the future; declare a month up to {YearMonth.Of(Today)}.");
        }

        if (command.Month < YearMonth.Of(id.BirthDate.AddYears(16)))
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "contribution-month-before-working-age",
                $"{command.Month} is before the person turned 16.");
        }

        if (command.Month < YearMonth.Of(state.EnrolledOn))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "contribution-month-before-enrolment",
                $"{command.Month} is before the person's enrolment on {state.EnrolledOn:yyyy-MM-dd}; declare months from {YearMonth.Of(state.EnrolledOn)} on.");
        }

        var segment = state.Segments.SingleOrDefault(s => s.Status == SegmentStatus.Active) ?? throw NoActiveRelationship();
        if (segment.Months.ContainsKey(command.Month))
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "contribution-month-duplicate",
                $"{command.Month} is already paid in {segment.City.Value}.");
        }

        // spec §2.1: base clamped to 60%–300% of the previous year's provincial average wage; 8% / 16%.
        var averageWage = parameters.Wages.AverageMonthlyWage(segment.Province.Value, command.Month.Year - 1);
        var split = ContributionRules.Split(command.DeclaredBase, averageWage);

        // For fund supervision: the same person's previous month here (a sharp drop, 少报瞒报, shows against it), and
        // another place that holds this month already (insured twice, 重复参保).
        Money? previousBase = segment.Months.TryGetValue(command.Month.AddMonths(-1), out var previous) ? previous.Base : null;
        var alsoIn = state.Segments.FirstOrDefault(other => other != segment && other.Months.ContainsKey(command.Month))?.City.Value;
        segment.Months[command.Month] = new RecordedMonth(split.ClampedBase, split.IndividualAccount, split.PooledFund, segment.City);
        segment.IndividualAccountBalance += split.IndividualAccount;
        state.DeclarationKeys[command.DeclarationId.Key] = command.Month;
        state.Pending.Add(new LedgerMovement(MovementId.Contribution(id, command.DeclarationId), MovementKinds.Contribution, id.Value,
        [
            new LedgerLeg(LedgerAccounts.ContributionCollection(segment.PoolingArea), -(split.IndividualAccount + split.PooledFund)),
            new LedgerLeg(LedgerAccounts.IndividualAccount(segment.PoolingArea), split.IndividualAccount),
            new LedgerLeg(LedgerAccounts.PooledFund(segment.PoolingArea), split.PooledFund),
        ]));
        Audit("contribution-declared", command.Request, new
        {
            declarationId = command.DeclarationId.Value,
            month = command.Month.ToString(),
            declaredBaseFen = command.DeclaredBase.Fen,
            baseFen = split.ClampedBase.Fen,
            individualFen = split.IndividualAccount.Fen,
            pooledFen = split.PooledFund.Fen,
            city = segment.City.Value,
            previousBaseFen = previousBase?.Fen,
            alsoIn,
        });
    }

    /// <summary>
    /// The old place releases the relationship held at <see cref="ReleaseForTransfer.FromCity"/> (spec §3.2, §3.4):
    /// the whole individual account and 12% of the bases since 1998-01 (or the whole temporary account); funds leave
    /// the old pooling area for the transfer clearing account when the two places pool separately.
    /// </summary>
    public TransferCertificate Release(ReleaseForTransfer command)
    {
        EnsureEnrolled();
        var key = command.TransferId.ToString();
        if (state.Transfers.TryGetValue(key, out var done) && done.Released is { } released)
        {
            return released;
        }

        var segment = state.Segments.SingleOrDefault(s => s.City == command.FromCity && s.Status is SegmentStatus.Dormant or SegmentStatus.Sealed)
            ?? throw new JinBaoException(ErrorKind.RuleViolation, "transfer-nothing-to-release",
                $"The person has no relationship held at {command.FromCity.Value} that can be transferred (it must be one they no longer contribute to).");
        var toArea = parameters.PoolingAreas.Of(command.ToCity);
        var months = segment.Months.Select(m => new ContributionMonthView(m.Key, m.Value.Base, m.Value.IndividualAccountCredit, m.Value.PooledFundCredit, m.Value.City)).ToList();
        var pooled = segment.Kind == SegmentKind.Temporary
            ? Money.Sum(segment.Months.Values.Select(m => m.PooledFundCredit))                           // spec §3.2: all employer contributions
            : TransferAmounts.PooledFund(segment.Months.Select(m => new ContributionMonth(m.Key, m.Value.Base, m.Value.IndividualAccountCredit, m.Value.PooledFundCredit)));               // spec §3.2: 12% × Σ bases since 1998-01
        var certificate = new TransferCertificate(command.TransferId, segment.City, segment.PoolingArea, toArea, segment.Kind, months,
            segment.IndividualAccountBalance, pooled, FundsMove: segment.PoolingArea != toArea);

        if (certificate.FundsMove)
        {
            state.Pending.Add(new LedgerMovement(MovementId.TransferOut(command.TransferId), MovementKinds.TransferOut, id.Value,
            [
                new LedgerLeg(LedgerAccounts.IndividualAccount(segment.PoolingArea), -certificate.IndividualAccount),
                new LedgerLeg(LedgerAccounts.PooledFund(segment.PoolingArea), -certificate.PooledFund),
                new LedgerLeg(command.ViaNationalClearing
                    ? LedgerAccounts.NationalClearing(segment.PoolingArea)
                    : LedgerAccounts.TransferClearing(segment.PoolingArea), certificate.IndividualAccount + certificate.PooledFund),
            ]));
        }

        segment.Status = SegmentStatus.TransferredOut;
        segment.TransferredTo = new TransferredTo(command.ToCity, command.On, key);
        segment.Months.Clear();
        segment.IndividualAccountBalance = Money.Zero;
        RecordTransfer(key).Released = certificate;
        Audit("relationship-released", command.Request, new
        {
            transferId = key,
            from = segment.City.Value,
            to = command.ToCity.Value,
            months = months.Count,
            individualFen = certificate.IndividualAccount.Fen,
            pooledFen = certificate.PooledFund.Fen,
            fundsMove = certificate.FundsMove,
        });
        return certificate;
    }

    /// <summary>
    /// The new place merges a released relationship (spec §3.4 NEW step): months and account added to the active
    /// segment; months paid in both places count once and the released side's individual part is refunded (spec §3.5, 先转后清).
    /// </summary>
    public MergeResult Merge(MergeTransfer command)
    {
        EnsureEnrolled();
        var certificate = command.Certificate;
        var key = certificate.TransferId.ToString();
        if (state.Transfers.TryGetValue(key, out var done) && done.Merged is { } merged)
        {
            return merged;
        }

        var target = state.Segments.SingleOrDefault(s => s.City == command.ToCity && s.Status == SegmentStatus.Active && s.Kind == SegmentKind.Regular)
            ?? throw new JinBaoException(ErrorKind.RuleViolation, "transfer-no-receiving-relationship",
                $"The person has no active regular relationship at {command.ToCity.Value} to merge into.");
        EnsureFormMatchesFunds(certificate);

        var duplicates = certificate.Months.Where(m => target.Months.ContainsKey(m.Month)).ToList();
        var refund = Money.Sum(duplicates.Select(m => m.IndividualAccountCredit));
        foreach (var month in certificate.Months.Where(m => !target.Months.ContainsKey(m.Month)))
        {
            target.Months[month.Month] = new RecordedMonth(month.Base, month.IndividualAccountCredit, month.PooledFundCredit, month.City);
        }

        target.IndividualAccountBalance += certificate.IndividualAccount - refund;
        if (certificate.FundsMove)
        {
            state.Pending.Add(new LedgerMovement(MovementId.TransferIn(certificate.TransferId), MovementKinds.TransferIn, id.Value,
            [
                new LedgerLeg(command.ViaNationalClearing
                    ? LedgerAccounts.NationalClearing(target.PoolingArea) // the old area's books are in another province's database
                    : LedgerAccounts.TransferClearing(certificate.FromPoolingArea), -(certificate.IndividualAccount + certificate.PooledFund)),
                new LedgerLeg(LedgerAccounts.IndividualAccount(target.PoolingArea), certificate.IndividualAccount),
                new LedgerLeg(LedgerAccounts.PooledFund(target.PoolingArea), certificate.PooledFund),
            ]));
        }

        if (refund > Money.Zero)
        {
            state.Pending.Add(new LedgerMovement(MovementId.TransferRefund(certificate.TransferId), MovementKinds.DuplicateRefund, id.Value,
            [
                new LedgerLeg(LedgerAccounts.IndividualAccount(target.PoolingArea), -refund),
                new LedgerLeg(LedgerAccounts.RefundsPayable(target.PoolingArea), refund),
            ]));
        }

        var result = new MergeResult(certificate.TransferId, certificate.Months.Count - duplicates.Count, duplicates.Count, refund);
        RecordTransfer(key).Merged = result;
        Audit("relationship-merged", command.Request, new
        {
            transferId = key,
            into = target.City.Value,
            monthsMerged = result.MonthsMerged,
            duplicateMonths = duplicates.Select(m => m.Month.ToString()).ToArray(),
            refundedFen = refund.Fen,
        });
        return result;
    }

    /// <summary>spec §3.4: block completion when the form and the funds disagree.</summary>
    private static void EnsureFormMatchesFunds(TransferCertificate certificate)
    {
        var expectedPooled = certificate.Kind == SegmentKind.Temporary
            ? Money.Sum(certificate.Months.Select(m => m.PooledFundCredit))
            : TransferAmounts.PooledFund(certificate.Months.Select(m => new ContributionMonth(m.Month, m.Base, m.IndividualAccountCredit, m.PooledFundCredit)));
        var credits = Money.Sum(certificate.Months.Select(m => m.IndividualAccountCredit));
        if (certificate.PooledFund != expectedPooled || certificate.IndividualAccount < credits)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "transfer-form-funds-mismatch",
                $"The transfer information form and the funds disagree (pooled {certificate.PooledFund} vs {expectedPooled} from the months; " +
                $"individual {certificate.IndividualAccount} below the credits {credits}); the old place must reissue it.");
        }
    }

    /// <summary>
    /// Credits the interest of a closed year (记账利率, spec §2.1) to every segment that holds money; once per segment
    /// and year. The opening balance is what the segment held before that year's contributions.
    /// </summary>
    public void CreditInterest(int year, Requester request)
    {
        EnsureEnrolled();
        if (year >= Today.Year)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "interest-year-open", $"{year} has not closed yet; interest is credited after the year ends.");
        }

        foreach (var segment in state.Segments.Where(s => s.Status != SegmentStatus.TransferredOut && !s.InterestYears.Contains(year)))
        {
            var thisYear = Money.Sum(segment.Months.Where(m => m.Key.Year == year).Select(m => m.Value.IndividualAccountCredit));
            var later = Money.Sum(segment.Months.Where(m => m.Key.Year > year).Select(m => m.Value.IndividualAccountCredit));
            var opening = segment.IndividualAccountBalance - thisYear - later;
            var closing = parameters.Interest.CloseYear(year, opening, thisYear);
            var interest = closing.Interest;
            segment.InterestYears.Add(year);
            segment.InterestByYear[year] = interest;
            if (interest == Money.Zero)
            {
                continue;
            }

            segment.IndividualAccountBalance += interest;
            segment.InterestCredited += interest;
            state.Pending.Add(new LedgerMovement(MovementId.Interest(id, segment.City, year), MovementKinds.Interest, id.Value,
            [
                new LedgerLeg(LedgerAccounts.InterestIncome(segment.PoolingArea), -interest),
                new LedgerLeg(LedgerAccounts.IndividualAccount(segment.PoolingArea), interest),
            ]));
            Audit("interest-credited", request, new { year, city = segment.City.Value, rate = closing.Rate, interestFen = interest.Fen });
        }
    }

    /// <summary>The city of the latest enrolment, as <see cref="ToRecord"/> shows it.</summary>
    public RegionCode InsuringCity
    {
        get
        {
            EnsureEnrolled();
            return state.InsuringCity;
        }
    }

    public PersonRecord ToRecord()
    {
        EnsureEnrolled();
        return new PersonRecord(
            id,
            id.Sex,
            id.BirthDate,
            state.HukouRegion,
            state.InsuringCity,
            state.Status,
            state.Segments.Select(segment => new SegmentView(
                segment.City,
                segment.PoolingArea,
                segment.Province,
                segment.Kind,
                segment.Status,
                segment.IndividualAccountBalance,
                segment.Months.Select(m => new ContributionMonthView(m.Key, m.Value.Base, m.Value.IndividualAccountCredit, m.Value.PooledFundCredit, m.Value.City)).ToList(),
                segment.TransferredTo,
                segment.InterestByYear.ToDictionary()))
            .ToList(),
            state.Entitlement,
            state.Name);
    }

    /// <summary>Nothing is active: say where the relationship went when it was transferred out of the latest city.</summary>
    private JinBaoException NoActiveRelationship() =>
        state.Segments.LastOrDefault(s => s.City == state.InsuringCity) is { Status: SegmentStatus.TransferredOut, TransferredTo: { } to } released
            ? new JinBaoException(ErrorKind.RuleViolation, "relationship-transferred-out",
                $"The person's relationship at {released.City.Value} was transferred to {to.City.Value} ({to.City.EnglishName}) on {to.On:yyyy-MM-dd} (transfer {to.TransferId}); contributions are declared there now.")
            : new JinBaoException(ErrorKind.RuleViolation, "no-active-relationship", "The person has no active insurance relationship to contribute to.");

    private void EnsureEnrolled()
    {
        if (!state.IsEnrolled)
        {
            throw new JinBaoException(ErrorKind.NotFound, "person-not-enrolled", "No enrolled person has this citizen id.");
        }
    }

    private TransferRecord RecordTransfer(string key)
    {
        if (!state.Transfers.TryGetValue(key, out var record))
        {
            record = new TransferRecord();
            state.Transfers[key] = record;
        }

        return record;
    }

    /// <summary>Queues an audit event; it is written in the state change's transaction.</summary>
    private void Audit(string type, Requester request, object payload) =>
        state.Pending.Audit($"person:{id.Value}", ++state.EventSequence, type, request, payload, now);
}
