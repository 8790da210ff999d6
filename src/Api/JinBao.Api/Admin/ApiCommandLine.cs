using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

using JinBao.Api.Auth;
using JinBao.Drawing;
using JinBao.Primitives;

namespace JinBao.Api.Admin;

/// <summary>
/// The API's command line. Without a command the process is the web host and every argument is ASP.NET's
/// (<c>--urls http://127.0.0.1:5100</c>, <c>--JinBao:Api:ClusterId=prov-440000</c>); <c>create-city-credential</c>,
/// <c>create-clerk</c> and <c>issue-activation-code</c> run an <see cref="AdminCommand"/> instead. Help exits 0; a mistyped command or a missing or
/// invalid option prints what is wrong and the usage, and exits 2.
/// </summary>
public static class ApiCommandLine
{
    public const string CreateCityCredential = "create-city-credential";
    public const string CreateClerk = "create-clerk";
    public const string IssueActivationCode = "issue-activation-code";
    public const string AddNationalAdjustment = "add-national-adjustment";

    /// <summary>
    /// Runs what <paramref name="args"/> name: help, an admin command or an error, and returns its exit code; null when
    /// they start the web host (which then gets all of them).
    /// </summary>
    /// <param name="configuration">The configuration an admin command connects with (read only when one runs).</param>
    public static async Task<int?> RunAsync(
        string[] args, Func<IConfiguration> configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Build(configuration, output, error);

        // The web host's arguments are ASP.NET's, unknown to this parser, so the root lets unknown tokens through. ASP.NET
        // reads only --key, -key, /key and key=value; a first bare word is meant as a command, and then nothing unknown passes.
        root.TreatUnmatchedTokensAsErrors = args.Length > 0 && IsWord(args[0]);

        // No response files: an argument starting with '@' is a value for ASP.NET, not a file to expand.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            // The parser's own error action: each error and the command's usage, all on stderr; a suggestion only for a
            // mistyped command (for an option's stray value it would suggest -h).
            if (result.Action is ParseErrorAction parseError)
            {
                parseError.ShowTypoCorrections = result.CommandResult.Command == root;
            }

            await result.InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
            return 2;
        }

        if (ReferenceEquals(result.Action, root.Action))
        {
            return null;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static RootCommand Build(Func<IConfiguration> configuration, TextWriter output, TextWriter error)
    {
        var credentialCity = CityOption();
        var createCityCredential = new Command(CreateCityCredential, "Create a city system's credential (client id and secret, printed once).")
        {
            credentialCity,
        };
        createCityCredential.SetAction((parsed, token) =>
            AdminCommand.CreateCityCredential(parsed.GetRequiredValue(credentialCity)).RunAsync(configuration(), output, error, token));

        var clerkCity = CityOption();

        var user = new Option<string>("--user")
        {
            Description = "The clerk's user name: a lowercase letter, then lowercase letters, digits, '.', '_' or '-' (2–40 characters). They log in as user@city.",
            HelpName = "name",
            Required = true,
        };
        var role = new Option<string>("--role")
        {
            Description = "clerk, or supervisor (may also decide escalated steps).",
            DefaultValueFactory = _ => CallerClaims.ClerkRole,
        };
        role.AcceptOnlyFromAmong(CallerClaims.ClerkRole, CallerClaims.SupervisorRole);
        var createClerk = new Command(CreateClerk, "Create a clerk's or supervisor's account at a city's agency (password printed once).")
        {
            clerkCity,
            user,
            role,
        };
        createClerk.SetAction((parsed, token) => AdminCommand.CreateClerk(
                parsed.GetRequiredValue(clerkCity), parsed.GetRequiredValue(user), parsed.GetRequiredValue(role))
            .RunAsync(configuration(), output, error, token));

        var citizen = new Option<CitizenId>("--citizen-id")
        {
            Description = "The person's 18-character citizen id (公民身份号码).",
            HelpName = "id",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (CitizenId.TryParse(text, out var id))
                {
                    return id;
                }

                result.AddError("--citizen-id is not a valid citizen id: 18 characters, the last a check digit (0-9 or X).");
                return default;
            },
        };
        var issueCode = new Command(IssueActivationCode, "Issue a person's one-time portal activation code (printed once; it replaces any earlier code).")
        {
            citizen,
        };
        issueCode.SetAction((parsed, token) => AdminCommand.IssueActivationCode(parsed.GetRequiredValue(citizen)).RunAsync(configuration(), output, error, token));

        var effectiveMonth = new Option<YearMonth>("--effective-month")
        {
            Description = "The first month paid at the adjusted amount, yyyy-MM, e.g. 2027-01; retirees first paid before it are adjusted.",
            HelpName = "yyyy-MM",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (YearMonth.TryParse(text, out var month))
                {
                    return month;
                }

                result.AddError($"--effective-month '{text}' is not a month: give yyyy-MM, e.g. 2027-01.");
                return default;
            },
        };
        var percent = new Option<decimal>("--percent") { Description = "The percentage raise, e.g. 2 for 2 %.", HelpName = "number" };
        var fixedFen = new Option<long>("--fixed-fen") { Description = "A fixed raise per month in fen (1 yuan = 100 fen), added after the percentage.", HelpName = "fen" };
        var description = new Option<string>("--description")
        {
            Description = "Where the rule comes from, e.g. the notice's number (人社部发〔2027〕12号).",
            HelpName = "text",
            Required = true,
        };
        var addAdjustment = new Command(AddNationalAdjustment, "Enter the national annual pension adjustment once, at the national cluster: it is sent to every province, whose next payment run applies it.")
        {
            effectiveMonth,
            percent,
            fixedFen,
            description,
        };
        addAdjustment.SetAction((parsed, token) => new NationalAdjustmentCommand(
                new AdjustmentRuleView(0, NationalAdjustmentView.NationalScope, parsed.GetRequiredValue(effectiveMonth), parsed.GetValue(percent),
                    new Money(parsed.GetValue(fixedFen)), parsed.GetRequiredValue(description)),
                Environment.UserName)
            .RunAsync(configuration(), output, error, token));

        var root = new RootCommand("""
            The JinBao province API. Without a command it runs the web host: every argument is then ASP.NET's, e.g.
            --urls http://127.0.0.1:5080 or --Key=Value configuration. The commands write credentials to the cluster's
            database (ConnectionStrings__jinbao); the cluster is JinBao__Api__ClusterId, or else the one its silos
            recorded there, and a province cluster takes only its own province's cities. add-national-adjustment runs
            against the national cluster's database and asks its silos.
            """)
        {
            createCityCredential,
            createClerk,
            issueCode,
            addAdjustment,
        };
        root.SetAction(_ => 0); // the web host: Program runs it outside the parser, so its exceptions and signals stay its own
        return root;
    }

    private static Option<RegionCode> CityOption() => new("--city")
    {
        Description = "The city's six-digit code in the region catalogue, e.g. 440300 (Shenzhen); a city of the cluster's province.",
        HelpName = "code",
        Required = true,
        CustomParser = ParseCity,
    };

    private static RegionCode ParseCity(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (RegionCode.TryParse(text, out var code) && code.Level == RegionLevel.City)
        {
            return code;
        }

        result.AddError(RegionCode.TryParse(text, out code)
            ? $"--city {code.Value} is a province ({code.EnglishName}); credentials and agencies belong to a city, e.g. 440300 (Shenzhen)."
            : $"--city '{text}' is not a city code of the region catalogue; give six digits, e.g. 440300 (Shenzhen).");
        return default;
    }

    private static bool IsWord(string argument) =>
        argument.Length > 0 && argument[0] is not ('-' or '/' or '[' or '@') && !argument.Contains('=', StringComparison.Ordinal);
}
