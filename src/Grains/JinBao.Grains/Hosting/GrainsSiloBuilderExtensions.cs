using System.Text.Json;

using JinBao.Clearing;
using JinBao.Documents;
using JinBao.Drawing;
using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Grains.Clearing;
using JinBao.Grains.Documents;
using JinBao.Grains.Drawing;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Grains.Index;
using JinBao.Grains.Medical;
using JinBao.Grains.Storage;
using JinBao.Grains.Supervision;
using JinBao.Grains.Transfers;
using JinBao.Index;
using JinBao.Medical;
using JinBao.Pensions;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Privacy;
using JinBao.Supervision;
using JinBao.Transfers;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Npgsql;

using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace JinBao.Grains.Hosting;

public static class GrainsSiloBuilderExtensions
{
    /// <summary>
    /// Everything a JinBao silo needs beyond its endpoints and cluster identity: ADO.NET clustering and reminders, and
    /// JinBao's grain storage, on the cluster's PostgreSQL database, the storage serializer, and the domain services grains use.
    /// Used as-is by the silo host and by the integration tests.
    /// </summary>
    public static ISiloBuilder AddJinBaoGrains(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        // Orleans' ADO.NET rows, written by JinBao's provider: a state and its effects in one transaction, group-committed.
        silo.Services.AddGrainStorage(JinBaoStorage.ProviderName, (services, _) => ActivatorUtilities.CreateInstance<JinBaoGrainStorage>(services));
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });

        // The reminder service answers a grain's call with Npgsql's own exception when the database is down. Orleans
        // serialises only exceptions of the namespaces it lists: without Npgsql's, the answer could not be sent
        // (CodecNotFoundException) and the calling grain waited out the whole response timeout, blocked.
        silo.Services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));

        // State is stored as System.Text.Json, chosen on purpose: readable with SQL (convert_from(payloadbinary, 'UTF8')::jsonb),
        // no .NET type names inside (renaming a class cannot orphan a row), camelCase like the API. Pinned by StoredStateFormatTests.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(options => JinBaoJson.Configure(options.JsonSerializerOptions));

        // Orleans names activations by grain id in its own logs, and a person's grain id is the citizen id: every log
        // line of the silo, ours or the runtime's, is redacted before any provider sees it. Orleans' placement pipeline
        // logs two Polly lines per placement at Information: retries and failures (Warning and up) are the news.
        RedactingLoggerFactory.Register(silo.Services, SiloFalseAlarms.IsFalseAlarm);
        silo.Services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Warning));

        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddSingleton<GroupCommit>();
        silo.Services.AddSingleton<EffectStatements>();
        silo.Services.AddSingleton<EffectWriter>();
        silo.Services.TryAddSingleton<IExchangeAuditTrail, ExchangeAuditTrail>();
        silo.Services.TryAddSingleton(PensionParameters.Official);
        silo.Services.TryAddSingleton(SurvivorBenefits.Embedded);
        silo.Services.TryAddSingleton<PaymentRolls>();
        silo.Services.TryAddSingleton<PaymentRun>();
        silo.Services.TryAddSingleton<PaymentQueries>();
        silo.Services.TryAddSingleton(WorkingDayCalendar.Official);
        silo.Services.TryAddSingleton(_ => TransferPolicies.FromConfiguration()); // one per silo: agencies set their own
        silo.Services.AddHostedService<TransferPolicyRefresher>();
        silo.Services.TryAddSingleton<TransferStepProbe>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, TransferSweepStart>();
        silo.Services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransferOptions>, TransferOptionsValidator>());
        // Each workflow receives its own queued exchange documents: the exchange's dispatcher names none of them.
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeDocumentHandler, TransferDocumentHandler>());
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeDocumentHandler, ClearingDocumentHandler>());
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeDocumentHandler, IndexDocumentHandler>());
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeDocumentHandler, NationalAdjustmentHandler>());
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeDocumentHandler, PaidTwiceHandler>());
        silo.Services.TryAddSingleton(TimeProvider.System);
        AddExchange(silo.Services);
        AddMedical(silo.Services);
        AddDocuments(silo.Services);
        AddSupervision(silo);
        return silo;
    }

    /// <summary>
    /// The national exchange (section <c>JinBao:Exchange</c>): off (standalone) unless a private key is configured.
    /// The silo host fills <see cref="ExchangeOptions.ClusterId"/> from its own cluster id.
    /// </summary>
    private static void AddExchange(IServiceCollection services)
    {
        services.AddOptions<ExchangeOptions>().BindConfiguration(ExchangeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExchangeOptions>, ExchangeOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<ExchangeOptions>>().Value.Cluster);
        services.TryAddSingleton<ExchangeKeyRing>();
        services.TryAddSingleton<OutboxHandoff>();
        services.TryAddSingleton<ExchangeHttp>();
        services.TryAddSingleton<OutboxRelay>();
        services.TryAddSingleton<DocumentDispatcher>();
        services.TryAddSingleton<ExchangeInbox>();
        services.TryAddSingleton<ExchangeReceiver>();
        services.TryAddSingleton<NationalIndexClient>();
        services.TryAddSingleton<ActiveClaimReceiver>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ExchangeWorkers>();
        services.TryAddSingleton<ExchangeRequestClient>();
    }

    /// <summary>Off-site medical settlement: the route to the insuring place and the national clearing (section <c>JinBao:MedicalClearing</c>).</summary>
    private static void AddSupervision(ISiloBuilder silo)
    {
        silo.Services.AddOptions<SupervisionThresholds>().BindConfiguration(SupervisionThresholds.SectionName);
        silo.Services.TryAddSingleton<AlertStore>();
        silo.Services.TryAddSingleton<StatisticsExchangeHandler>();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeDocumentHandler, StatisticsExchangeHandler>(s => s.GetRequiredService<StatisticsExchangeHandler>()));
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeRequestHandler, StatisticsExchangeHandler>(s => s.GetRequiredService<StatisticsExchangeHandler>()));
        silo.Services.TryAddSingleton<EventLog>(); // the grain recounts from the log even where the stream is off
        silo.Services.TryAddSingleton<LedgerBalances>();
        // Off only to measure what the stream costs (bench: the settlement path with and without it). The events are
        // written either way, so turning it on again counts everything from where the roll-ups stopped.
        if (!string.Equals(silo.Configuration[$"{SupervisionThresholds.SectionName}:Stream"], "off", StringComparison.OrdinalIgnoreCase))
        {
            silo.AddBusinessEventStream(pollPeriod: TimeSpan.FromMilliseconds(200));
        }
    }

    private static void AddMedical(IServiceCollection services)
    {
        services.AddOptions<MedicalPrepaymentOptions>().BindConfiguration(MedicalPrepaymentOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MedicalPrepaymentOptions>, MedicalPrepaymentOptionsValidator>());
        services.TryAddSingleton<MedicalClearingLedger>();
        services.TryAddSingleton<SettlementArchive>();
        services.TryAddSingleton<InsuringPlace>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeRequestHandler, MedicalExchangeHandler>());
    }

    /// <summary>Printed documents: the province's register, checked from another province through national.</summary>
    private static void AddDocuments(IServiceCollection services)
    {
        services.TryAddSingleton<DocumentRegister>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExchangeRequestHandler, DocumentCheckHandler>());
    }
}
