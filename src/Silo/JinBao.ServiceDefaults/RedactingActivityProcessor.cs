using System.Diagnostics;

using JinBao.Privacy;

using OpenTelemetry;

namespace JinBao.ServiceDefaults;

/// <summary>
/// Masks citizen ids in every finished span before it is exported: its name, status text, string attributes and the
/// attributes of its events. They get there through request paths (<c>/api/v1/persons/{citizenId}</c>), Orleans grain
/// ids (<c>person/{citizenId}</c>) and exception messages that name a grain.
/// </summary>
public sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        data.DisplayName = CitizenIdRedaction.Redact(data.DisplayName);
        if (data.StatusDescription is { } status)
        {
            data.SetStatus(data.Status, CitizenIdRedaction.Redact(status));
        }

        List<KeyValuePair<string, string>>? changed = null;
        foreach (var tag in data.TagObjects)
        {
            if (tag.Value is string text && CitizenIdRedaction.Redact(text) is var redacted && redacted != text)
            {
                (changed ??= []).Add(new(tag.Key, redacted));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }

        foreach (var @event in data.Events)
        {
            // Exception events carry the message and stack trace; their tag collection is the mutable one they were made with.
            if (@event.Tags is ActivityTagsCollection tags)
            {
                foreach (var key in tags.Where(t => t.Value is string).Select(t => t.Key).ToList())
                {
                    tags[key] = CitizenIdRedaction.Redact((string)tags[key]!);
                }
            }
        }
    }
}
