namespace JinBao.Exchange;

/// <summary>The document types of the exchange.</summary>
public static class DocumentTypes
{
    /// <summary>联系函: the new place asks the old place to release (new → old).</summary>
    public const string ContactLetter = "contact-letter";

    /// <summary>转移接续信息表 + funds: the old place's release (old → new).</summary>
    public const string CertificateAndFunds = "certificate-and-funds";

    /// <summary>The old place refuses, with its written reason (old → new).</summary>
    public const string RejectionNotice = "rejection-notice";

    /// <summary>The new place merged: the old place's part is done (new → old).</summary>
    public const string Acknowledgement = "acknowledgement";

    /// <summary>Custody of the relationship moved with a completed transfer (new → national index).</summary>
    public const string CustodyMoved = "custody-moved";

    /// <summary>清算单: the funds a transfer moved between two provinces (old → national clearing).</summary>
    public const string FundsClearing = "funds-clearing";

    /// <summary>The person stopped contributing in a province (停保/减员): its active claim ends (province → national index).</summary>
    public const string ActiveReleased = "active-released";

    /// <summary>Enrolment asks the index for the active claim; answered synchronously, never queued (province → national).</summary>
    public const string ActiveClaim = "active-claim";

    /// <summary>A care province asks the insuring province to settle a bill (2303/2304), through national; answered at once.</summary>
    public const string MedicalSettlementRequest = "medical-settlement-request";

    /// <summary>A care province asks the insuring province to reverse a settlement (2305), through national; answered at once.</summary>
    public const string MedicalReversalRequest = "medical-reversal-request";

    /// <summary>The insuring province's answer to a settlement or reversal request: the settlement as decided.</summary>
    public const string MedicalSettlementResult = "medical-settlement-result";

    /// <summary>A province asks the national clearing for a month's medical statements; answered at once.</summary>
    public const string MedicalStatementsRequest = "medical-statements-request";

    /// <summary>An insuring province confirms a month's statement towards a care province; answered at once.</summary>
    public const string MedicalClearingConfirmation = "medical-clearing-confirmation";

    /// <summary>The national clearing's answer: statements.</summary>
    public const string MedicalStatements = "medical-statements";

    /// <summary>A province asks the province that printed a document (参保缴费凭证, 联系函) what it recorded, through national; answered at once.</summary>
    public const string DocumentCheckRequest = "document-check-request";

    /// <summary>The printing province's answer: the document as it recorded it, about the person it names.</summary>
    public const string DocumentCheckAnswer = "document-check-answer";

    /// <summary>A province's statistics as its supervision grain counted them (province → national roll-up), now and then.</summary>
    public const string StatisticsSummary = "statistics-summary";

    /// <summary>A province asks national for the national roll-up of every province's latest summary; answered at once.</summary>
    public const string NationalStatisticsRequest = "national-statistics-request";

    /// <summary>National's answer: every province's latest summary.</summary>
    public const string NationalStatistics = "national-statistics";

    /// <summary>A national pension adjustment rule, entered once at national (national → every province).</summary>
    public const string NationalAdjustment = "national-adjustment";

    /// <summary>A part of a completed payment run: the persons paid and their months (province → national, for the paid-twice rule).</summary>
    public const string PaymentRoll = "payment-roll";

    /// <summary>National found one person paid for a month by two provinces (national → each of them).</summary>
    public const string PaidTwiceNotice = "paid-twice-notice";

    /// <summary>Requests answered synchronously at <c>/exchange/v1/requests</c> (the caller waits: a patient at a hospital desk).</summary>
    public static IReadOnlySet<string> Requests { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MedicalSettlementRequest, MedicalReversalRequest, MedicalStatementsRequest, MedicalClearingConfirmation, DocumentCheckRequest,
        NationalStatisticsRequest,
    };

    /// <summary>Types about a province pair rather than one person: their citizen id is empty.</summary>
    public static IReadOnlySet<string> WithoutPerson { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MedicalStatementsRequest, MedicalClearingConfirmation, MedicalStatements, DocumentCheckRequest,
        StatisticsSummary, NationalStatisticsRequest, NationalStatistics, NationalAdjustment, PaymentRoll, PaidTwiceNotice,
    };

    /// <summary>Types that travel through outboxes and inboxes.</summary>
    public static IReadOnlySet<string> Queued { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ContactLetter, CertificateAndFunds, RejectionNotice, Acknowledgement, CustodyMoved, FundsClearing, ActiveReleased,
        StatisticsSummary, NationalAdjustment, PaymentRoll, PaidTwiceNotice,
    };
}
