using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

using Microsoft.Playwright;

namespace JinBao.AppHost.Tests.Infrastructure;

/// <summary>The Aspire dashboard in Debian's chromium (never a downloaded browser), logged in with the AppHost's login URL.</summary>
public sealed partial class Dashboard : IAsyncDisposable
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Dashboard(IPlaywright playwright, IBrowser browser, IPage page, string origin)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Origin = origin;
    }

    public IPage Page { get; }

    /// <summary>The dashboard's scheme, host and port.</summary>
    public string Origin { get; }

    public static async Task<Dashboard> OpenAsync(string loginUrl)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        await page.GotoAsync(loginUrl);
        return new Dashboard(playwright, browser, page, new Uri(loginUrl).GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Waits until the page's text passes <paramref name="check"/>; on failure a screenshot and the text say what it showed.</summary>
    /// <summary>The text of the Blazor error bar the dashboard shows when its page (circuit) failed.</summary>
    private const string BlazorCircuitFailed = "An unhandled error has occurred.";

    public async Task WaitForTextAsync(Func<string, bool> check, string what, Func<string> context, TimeSpan? timeout = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var text = "";
        while (stopwatch.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            text = await Page.Locator("body").InnerTextAsync();
            if (check(text))
            {
                return;
            }

            if (text.Contains(BlazorCircuitFailed, StringComparison.Ordinal))
            {
                // The dashboard's own page crashed (seen on a loaded machine: an ObjectDisposedException in its virtualised
                // grid); its error bar offers a reload, which is what a person would click. The resources are unaffected.
                await Page.ReloadAsync();
            }

            await Task.Delay(1000);
        }

        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("failed-" + NotLetters().Replace(what, "-")), FullPage = true });
        throw new Xunit.Sdk.XunitException($"The dashboard did not show {what} at {Page.Url}. It showed:\n{text}\n\nAppHost:\n{context()}");
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200.</summary>
    public static async Task WaitFor200Async(string url, TimeSpan timeout, Func<string> context)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(stopwatch.Elapsed < timeout, $"GET {url} did not answer 200 within {timeout.TotalSeconds} s\n{context()}");
            await Task.Delay(1000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [GeneratedRegex("[^a-z]+")]
    private static partial Regex NotLetters();
}
