namespace JinBao.Transfers;

/// <summary>The saga of spec §3.4; each non-final step has a 15-working-day limit.</summary>
public enum TransferStatus
{
    /// <summary>Applied at the new place; the new place reviews (≤ 15 WD).</summary>
    Applied,

    /// <summary>The new place sent the contact letter (联系函); the old place processes (≤ 15 WD).</summary>
    ContactLetterIssued,

    /// <summary>The old place issued the transfer information form and sent the funds; the new place merges (≤ 15 WD).</summary>
    CertificateAndFundsSent,

    /// <summary>Merged at the new place. Final.</summary>
    Completed,

    /// <summary>Refused by the new or the old place with a written reason. Final.</summary>
    Rejected,

    /// <summary>Withdrawn by the applicant before the old place released anything. Final.</summary>
    Cancelled,
}

/// <summary>Which side of the transfer a place or a decision belongs to.</summary>
public enum TransferSide
{
    /// <summary>The old insuring place (转出地).</summary>
    Old,

    /// <summary>The new insuring place (转入地).</summary>
    New,
}
