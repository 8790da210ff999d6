using JinBao.Api.Hosting;

using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JinBao.Api.Auth;

/// <summary>Issues and describes the API's access tokens: JWTs signed with HMAC-SHA256 by a key the cluster's API instances share.</summary>
public sealed class TokenIssuer(SigningKeys keys, IOptions<ApiOptions> options, TimeProvider clock)
{
    public const string Audience = "jinbao-api";

    /// <summary>The issuer names the cluster, so a token of one province's API is refused by another's.</summary>
    public static string IssuerFor(string clusterId) => $"jinbao-api:{clusterId}";

    public async Task<(string Token, TimeSpan Lifetime)> IssueAsync(Caller caller, CancellationToken cancellationToken)
    {
        var key = await keys.CurrentAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [CallerClaims.Subject] = caller.Subject,
            [CallerClaims.Region] = caller.Region.Value,
            [CallerClaims.Kind] = caller.Kind switch
            {
                CallerKind.CitySystem => CallerClaims.CitySystemKind,
                CallerKind.Person => CallerClaims.PersonKind,
                _ => CallerClaims.ClerkKind,
            },
        };
        if (caller.Self is { } self)
        {
            claims[CallerClaims.CitizenId] = self.Value;
        }

        if (caller.IsStaff)
        {
            claims[CallerClaims.Role] = caller.Kind == CallerKind.Supervisor ? CallerClaims.SupervisorRole : CallerClaims.ClerkRole;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerFor(options.Value.ClusterId),
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, lifetime);
    }

    /// <summary>What the JWT bearer handler checks: our issuer and audience, a live token, one of the shared keys.</summary>
    public static TokenValidationParameters ValidationParameters(string clusterId, SigningKeys keys) => new()
    {
        ValidIssuer = IssuerFor(clusterId),
        ValidAudience = Audience,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        IssuerSigningKeyResolver = (_, _, _, _) => keys.ValidationKeys,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = CallerClaims.Subject,
        RoleClaimType = CallerClaims.Role,
    };
}
