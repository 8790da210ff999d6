namespace JinBao.Persons;

/// <summary>
/// One insured person, keyed by citizen id: the single place their account state lives, across every region. This is
/// what a city system or a clerk may ask of a person (the API loads it); the steps other grains' workflows take on the
/// person (a transfer's release and merge, year-end interest) are <c>ITransferPartyGrain</c> and <c>IPersonYearEndGrain</c>,
/// in the grains assembly.
/// </summary>
/// <remarks>
/// Orleans runs one activation per key, so two regions can never enrol, credit or settle the same person at once.
/// Every command is idempotent; a rejected command (a <see cref="Errors.JinBaoException"/>) leaves the state untouched.
/// </remarks>
[Alias("jinbao.IInsuredPersonGrain")]
public interface IInsuredPersonGrain : IGrainWithStringKey
{
    /// <summary>Enrols the person in a city. Enrolling again in the same city with the same hukou is a no-op.</summary>
    /// <remarks>
    /// In a province cluster the national person index is asked first: a person active in another province is refused
    /// (<c>person-active-in-another-province</c>, naming it), and an unreachable index refuses the enrolment as
    /// retryable (<see cref="Errors.ErrorKind.Unavailable"/>) rather than risk a double enrolment.
    /// </remarks>
    /// <exception cref="Errors.JinBaoException">Active in another province, the index unreachable, a city of another province, or unknown regions.</exception>
    [Alias("enrol")]
    Task<PersonRecord> EnrolAsync(EnrolPerson command);

    /// <summary>Records a monthly contribution: base clamped, 8% to the individual account, 16% to the pooled fund (spec §2.1).</summary>
    /// <exception cref="Errors.JinBaoException">Not enrolled, month in the future, non-positive base, month already paid here.</exception>
    [Alias("declare-contribution")]
    Task<PersonRecord> DeclareContributionAsync(DeclareContribution command);

    /// <summary>
    /// Stops contributions in the person's current city (停保/减员); again, or with nothing active, a no-op. In a province
    /// cluster the national person index must hear of it before another province may enrol the person: the result says
    /// whether it has; while it has not (the exchange does not answer), repeating the stop sends the word again.
    /// </summary>
    /// <exception cref="Errors.JinBaoException">Not enrolled, or the person contributes in another city.</exception>
    [Alias("stop-contributing")]
    Task<StopResult> StopContributingAsync(StopContributing command);

    /// <summary>The person's record.</summary>
    /// <exception cref="Errors.JinBaoException">The person is not enrolled (<see cref="Errors.ErrorKind.NotFound"/>).</exception>
    [Alias("get-record")]
    Task<PersonRecord> GetRecordAsync();

    /// <summary>
    /// The city of the person's latest enrolment in this province (<see cref="PersonRecord.InsuringCity"/>) without the
    /// whole record: what the medical account asks on every settlement.
    /// </summary>
    /// <exception cref="Errors.JinBaoException">The person is not enrolled (<see cref="Errors.ErrorKind.NotFound"/>).</exception>
    [Alias("get-insuring-city"), Orleans.Concurrency.ReadOnly]
    Task<Primitives.RegionCode> GetInsuringCityAsync();

    /// <summary>Where the person would draw a pension if they retired now (spec §3.6), without changing anything.</summary>
    [Alias("get-drawing-place")]
    Task<DrawingPlaceView> GetDrawingPlaceAsync();

    /// <summary>The monthly pension the person would draw at the statutory age with the months recorded today (an estimate, with its inputs).</summary>
    /// <exception cref="Errors.JinBaoException">No contribution months yet.</exception>
    [Alias("estimate-pension")]
    Task<PensionEstimateView> EstimatePensionAsync();

    /// <summary>Retires the person: drawing place, consolidation of every other account into it, pension computed. Once.</summary>
    /// <exception cref="Errors.JinBaoException">Below statutory age or minimum contribution years, or not active.</exception>
    [Alias("retire")]
    Task<EntitlementView> RetireAsync(RetirePerson command);

    /// <summary>The retiree moved (or changed bank account): payment follows them; the relationship stays (spec §5).</summary>
    /// <exception cref="Errors.JinBaoException">Not retired, deceased, or an invalid bank code or account.</exception>
    [Alias("register-residence")]
    Task<Drawing.PayeeView> RegisterResidenceAsync(Drawing.RegisterResidence command);

    /// <summary>Records an entitlement verification (资格认证): validity renewed for 12 months; a suspended retiree is back-paid by the next run.</summary>
    /// <exception cref="Errors.JinBaoException">Not retired, deceased, or a date before retirement or in the future.</exception>
    [Alias("record-verification")]
    Task<Drawing.PayeeView> RecordVerificationAsync(Drawing.RecordVerification command);

    /// <summary>
    /// A death notification: the entitlement ends with the death month, the payee record stops payment at once, a
    /// recovery case is opened for months paid after it, and the relatives' grants are fixed. Repeated: the same settlement.
    /// </summary>
    /// <exception cref="Errors.JinBaoException">The person is not drawing a pension, or the date is before retirement or in the future.</exception>
    [Alias("notify-death")]
    Task<Drawing.DeathSettlement> NotifyDeathAsync(Drawing.NotifyDeath command);

    /// <summary>The retiree's payee record.</summary>
    /// <exception cref="Errors.JinBaoException">Not retired (<see cref="Errors.ErrorKind.NotFound"/>).</exception>
    [Alias("get-payee")]
    Task<Drawing.PayeeView> GetPayeeAsync();
}
