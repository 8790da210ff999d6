using System.Net.Http.Json;
using System.Text.Json;

using JinBao.Api.Auth;
using JinBao.Api.Tests.Infrastructure;
using JinBao.Primitives;

using Microsoft.Extensions.DependencyInjection;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Auth;

/// <summary>The token route takes an OAuth 2.0 form (RFC 6749 §4.3, §4.4); anything else is told so.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenRequestTests(ApiFixture fixture)
{
    [Fact]
    public async Task JsonBody_Is400SayingTheGrantMustBeFormEncoded()
    {
        var (clientId, secret) = await fixture.Api.Services.GetRequiredService<CredentialStore>().CreateCityCredentialAsync(RegionCode.Parse(Shenzhen));
        using var anonymous = fixture.Anonymous();

        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        });

        var problem = await response.ExpectAsync(400);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid-request", problem.Code());
        Assert.Equal("invalid_request", problem.GetProperty("error").GetString());
        Assert.Contains("application/x-www-form-urlencoded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("RFC 6749", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "grant_type=client_credentials")]
    [InlineData(null, "")]
    public async Task BodyThatIsNoForm_Is400SayingTheGrantMustBeFormEncoded(string? contentType, string body)
    {
        using var anonymous = fixture.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await anonymous.SendAsync(request);

        var problem = await response.ExpectAsync(400);
        Assert.Equal("invalid_request", problem.GetProperty("error").GetString());
        Assert.Contains("application/x-www-form-urlencoded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormWithTooManyFields_Is400()
    {
        using var anonymous = fixture.Anonymous();
        var form = Enumerable.Range(0, 40).ToDictionary(i => $"field{i}", i => "x");
        form["grant_type"] = "client_credentials";

        using var response = await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(form));

        var problem = await response.ExpectAsync(400);
        Assert.Equal(JsonValueKind.String, problem.GetProperty("code").ValueKind);
    }
}
