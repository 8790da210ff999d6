using System.ComponentModel.DataAnnotations;

using JinBao.Primitives;

namespace JinBao.Api.Validation;

/// <summary>A valid GB 11643-1999 citizen id number; the message names the broken rule and never repeats the number.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CitizenIdNumberAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null ? ValidationResult.Success : Check(value as string) is { } error ? new ValidationResult(error, Member(validationContext)) : ValidationResult.Success;

    /// <summary>The reason the text is not a citizen id, or null when it is one.</summary>
    public static string? Check(string? text)
    {
        try
        {
            CitizenId.Parse(text ?? "");
            return null;
        }
        catch (InvalidCitizenIdException exception)
        {
            return $"{exception.Code}: {exception.Message}";
        }
    }

    internal static string[] Member(ValidationContext context) => context.MemberName is { } name ? [name] : [];
}

/// <summary>A region code of the catalogue; <see cref="CityOnly"/> requires a city (agencies and insurance are per city).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class RegionCodeValueAttribute : ValidationAttribute
{
    public bool CityOnly { get; init; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null ? ValidationResult.Success
            : Check(value as string, CityOnly) is { } error ? new ValidationResult(error, CitizenIdNumberAttribute.Member(validationContext))
            : ValidationResult.Success;

    public static string? Check(string? text, bool cityOnly)
    {
        if (!RegionCode.TryParse(text, out var code))
        {
            return "region-unknown: not a region code of the catalogue (six digits, e.g. 440300 for Shenzhen).";
        }

        return cityOnly && code.Level != RegionLevel.City ? $"region-not-city: {code.Value} is a province; name a city." : null;
    }
}

/// <summary>
/// A person's name by the domain's rule (<see cref="PersonName"/>): refused here as a field error, before anything is
/// audited or sent to a grain. The message never repeats the name: a 400's problem is logged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PersonNameValueAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is null)
        {
            return ValidationResult.Success;
        }

        try
        {
            PersonName.Validate(value as string);
            return ValidationResult.Success;
        }
        catch (JinBao.Errors.JinBaoException exception)
        {
            return new ValidationResult($"{exception.Code}: {exception.Message}", CitizenIdNumberAttribute.Member(validationContext));
        }
    }
}

/// <summary>A contribution month written <c>yyyy-MM</c>, from 1990-01 up to the current month in China.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ContributionMonthAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is null)
        {
            return ValidationResult.Success;
        }

        if (!YearMonth.TryParse(value as string, out var month) || month < new YearMonth(1990, 1))
        {
            return new ValidationResult("year-month-format: a month written yyyy-MM, from 1990-01.", CitizenIdNumberAttribute.Member(validationContext));
        }

        var current = YearMonth.Of(ChinaClock.Today(validationContext));
        return month > current
            ? new ValidationResult($"contribution-month-future: {month} is in the future; declare a month up to {current}.", CitizenIdNumberAttribute.Member(validationContext))
            : ValidationResult.Success;
    }
}

/// <summary>Today's date in China (<see cref="ChinaTime"/>) by the API's <see cref="TimeProvider"/>, for validation.</summary>
public static class ChinaClock
{
    public static DateOnly Today(ValidationContext context) =>
        ((TimeProvider?)context.GetService(typeof(TimeProvider)) ?? TimeProvider.System).Today();
}
