using System.Text.RegularExpressions;

using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Errors;
using JinBao.Primitives;

namespace JinBao.Persons;

public sealed partial class PersonAccount
{
    /// <summary>Bank and account of a retiree who gave none at retirement: never paid until they register one.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>Opens the payee record at retirement: retirement counts as a verification (validity 12 months from it).</summary>
    private void OpenPayee(RetirePerson command, EntitlementView entitlement)
    {
        state.Payee = new PayeeState
        {
            ResidenceRegion = command.ResidenceRegion ?? entitlement.DrawingCity,
            Bank = command.PayeeBank is null ? Unassigned : ValidBank(command.PayeeBank),
            BankAccount = command.PayeeAccount is null ? Unassigned : ValidAccount(command.PayeeAccount),
            VerifiedUntil = DrawingMonths.RenewedValidity(default, command.On),
        };
    }

    /// <summary>Residence (and optionally bank account) changes; the relationship stays at the drawing place (spec §5).</summary>
    public PayeeView RegisterResidence(RegisterResidence command)
    {
        var payee = EnsureDrawing();
        var bank = command.Bank is null ? payee.Bank : ValidBank(command.Bank);
        var account = command.BankAccount is null ? payee.BankAccount : ValidAccount(command.BankAccount);
        if (payee.ResidenceRegion == command.ResidenceRegion && payee.Bank == bank && payee.BankAccount == account)
        {
            return Payee();
        }

        var from = payee.ResidenceRegion;
        payee.ResidenceRegion = command.ResidenceRegion;
        payee.Bank = bank;
        payee.BankAccount = account;
        Audit("residence-registered", command.Request, new { from = from.Value, to = command.ResidenceRegion.Value, bank });
        Project();
        return Payee();
    }

    /// <summary>A successful verification renews the 12-month validity; the projection lifts a suspension it covers.</summary>
    public PayeeView RecordVerification(RecordVerification command)
    {
        var payee = EnsureDrawing();
        if (payee.Verifications.Contains(command.VerificationId))
        {
            return Payee();
        }

        if (command.VerifiedOn < state.Entitlement!.RetiredOn || command.VerifiedOn > Today)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "verification-date",
                $"The verification date {command.VerifiedOn:yyyy-MM-dd} must be between the retirement ({state.Entitlement.RetiredOn:yyyy-MM-dd}) and today.");
        }

        payee.Verifications.Add(command.VerificationId);
        payee.VerifiedUntil = DrawingMonths.RenewedValidity(payee.VerifiedUntil, command.VerifiedOn);
        Audit("entitlement-verified", command.Request, new
        {
            verificationId = command.VerificationId,
            method = command.Method.ToString(),
            command.VerifiedOn,
            payee.VerifiedUntil,
        });
        Project();
        return Payee();
    }

    /// <summary>
    /// A death ends the entitlement with the death month: the projection stops payment in the same transaction that
    /// opens the recovery case for months paid after it; funeral grant, survivor benefit and the inheritable balance are fixed.
    /// </summary>
    public DeathSettlement NotifyDeath(NotifyDeath command, SurvivorBenefits benefits)
    {
        EnsureEnrolled();
        if (state.Payee?.Death is { } settled)
        {
            return settled; // another feed reported the same death
        }

        var payee = EnsureDrawing();
        var entitlement = state.Entitlement!;
        if (command.DiedOn < entitlement.RetiredOn || command.DiedOn > Today)
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "death-date",
                $"The date of death {command.DiedOn:yyyy-MM-dd} must be between the retirement ({entitlement.RetiredOn:yyyy-MM-dd}) and today.");
        }

        var deathMonth = YearMonth.Of(command.DiedOn);
        var province = entitlement.DrawingPlace.Province;
        var (funeral, survivor) = benefits.For(province, entitlement.MonthlyPension);

        // The account pension draws the individual account down month by month; what is left is inherited (spec §5).
        var drawn = entitlement.AccountPension * DrawingMonths.MonthsDue(entitlement.FirstPaymentMonth, deathMonth);
        var inheritable = Money.Max(Money.Zero, entitlement.AccountBalance - drawn);
        payee.DiedOn = command.DiedOn;
        state.Status = PersonStatus.Deceased;
        Audit("death-notified", command.Request, new
        {
            source = command.Source.ToString(),
            command.DiedOn,
            funeralGrantFen = funeral.Fen,
            survivorBenefitFen = survivor.Fen,
            inheritableFen = inheritable.Fen,
            city = entitlement.DrawingCity.Value,
        });
        Project();
        state.Pending.Add(new RecoveryCaseOpening(id.Value, province.Value, deathMonth.FirstDay, funeral.Fen, survivor.Fen, inheritable.Fen, now));
        payee.Death = new DeathSettlement(Payee(), funeral, survivor, inheritable);
        return payee.Death;
    }

    /// <summary>The payee record as the drawing place pays it.</summary>
    public PayeeView Payee()
    {
        var payee = state.Payee ?? throw new JinBaoException(ErrorKind.NotFound, "person-not-drawing", "The person is not drawing a pension (not retired).");
        var entitlement = state.Entitlement!;
        return new PayeeView(entitlement.DrawingPlace.Province, entitlement.DrawingCity, payee.ResidenceRegion, payee.Bank, PayeeView.MaskAccount(payee.BankAccount),
            entitlement.MonthlyPension, entitlement.FirstPaymentMonth, payee.VerifiedUntil, payee.DiedOn is { } died ? YearMonth.Of(died) : null);
    }

    private PayeeState EnsureDrawing()
    {
        EnsureEnrolled();
        var payee = state.Payee ?? throw new JinBaoException(ErrorKind.RuleViolation, "person-not-drawing", "The person is not drawing a pension: retire them first.");
        if (payee.DiedOn is { } died)
        {
            throw new JinBaoException(ErrorKind.RuleViolation, "person-deceased", $"The person died on {died:yyyy-MM-dd}; the entitlement is closed.");
        }

        return payee;
    }

    /// <summary>Queues the projection row as of the latest event, so a replayed older upsert never wins.</summary>
    private void Project()
    {
        var payee = state.Payee!;
        var entitlement = state.Entitlement!;
        state.Pending.Add(new EntitlementProjection(
            id.Value,
            entitlement.DrawingPlace.Province.Value,
            entitlement.DrawingCity.Value,
            payee.ResidenceRegion.Value,
            payee.Bank,
            payee.BankAccount,
            entitlement.MonthlyPension.Fen,
            entitlement.FirstPaymentMonth.FirstDay,
            payee.DiedOn is null ? "active" : "terminated",
            payee.VerifiedUntil,
            payee.DiedOn is { } died ? YearMonth.Of(died).FirstDay : null,
            state.EventSequence));
    }

    private static string ValidBank(string bank) => BankCode().IsMatch(bank) && bank != Unassigned
        ? bank
        : throw new JinBaoException(ErrorKind.InvalidInput, "payee-bank", $"'{bank}' is not a bank code: 2–20 lowercase letters, digits or hyphens, e.g. icbc.");

    private static string ValidAccount(string account) => PayeeAccount().IsMatch(account)
        ? account
        : throw new JinBaoException(ErrorKind.InvalidInput, "payee-account", "The payee account must be 4–40 digits (bank or social-security-card account).");

    [GeneratedRegex("^[a-z0-9-]{2,20}$")]
    private static partial Regex BankCode();

    [GeneratedRegex("^[0-9]{4,40}$")]
    private static partial Regex PayeeAccount();
}
