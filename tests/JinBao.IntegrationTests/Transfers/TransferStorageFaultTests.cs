using System.Text.Json;

using JinBao.Effects;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Effects;
using JinBao.Grains.Exchange;
using JinBao.Grains;
using JinBao.IntegrationTests.Effects;
using JinBao.IntegrationTests.Infrastructure;
using JinBao.Persons;
using JinBao.Primitives;
using JinBao.Grains.Storage;
using JinBao.Transfers;

using Microsoft.Extensions.DependencyInjection;

using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace JinBao.IntegrationTests.Transfers;

/// <summary>
/// What a database restart does to the transfer saga's writes (issue 17, docs/reliability.md), one fault at a time on a
/// real cluster and PostgreSQL: a write that failed, a write that committed although its caller heard it fail, a reload
/// that failed after either. The grain never answers a state storage does not hold, and every saved step finishes by
/// itself: the deadline reminder ticks hourly, so nothing here waits for it, and nothing calls the transfer grain after
/// the approval (no call may be needed to wake it).
/// </summary>
[Collection(ProvinceClusterCollection.Name)]
public sealed class TransferStorageFaultTests(ProvinceClusterFixture fixture)
{
    private static readonly RegionCode Guangzhou = RegionCode.Parse("440100");
    private static readonly RegionCode Shenzhen = RegionCode.Parse("440300");
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(30);

    private readonly StorageFaults _faults = new();
    private string _database = "";

    [Fact]
    public async Task ReleaseStepWhoseWriteAndReloadFail_IsNotAnswered_AndResumesByItself()
    {
        await using var cluster = await StartClusterAsync("release-unsaved");
        var (person, transferId) = await ApplyAndReviewAsync(cluster);
        var transfer = cluster.Client.GetTransferGrain(transferId);

        // The approval is saved; the release step after it is not, and the reload that would undo it fails too.
        _faults.FailWrite(transfer.GetGrainId(), WriteFault.NotCommitted, passing: 1);
        _faults.FailReads(transfer.GetGrainId(), 1);
        var approved = await transfer.ApproveAsync(new TransferDecision(Guangzhou, "no arrears", new Requester("clerk:chen@440100", "approve-1")));

        // The answer is what storage holds (the approval, its release pending), not the unsaved "certificate sent".
        Assert.Equal(("contact-letter-issued", "release"), await StoredAsync(person));
        Assert.Equal(TransferStatus.ContactLetterIssued, approved.Status);

        await AssertCompletesOnceAsync(cluster, person, transferId);
    }

    [Fact]
    public async Task ReleaseStepWhoseStorageStaysDownPastTheResumeDelay_ResumesOnceStorageAnswers()
    {
        // As in a province database down for a minute (the fault suite): the resume timer's tick comes while the state is
        // still unknown and is refused by the grain's call filter; the reload that follows must resume the release.
        await using var cluster = await StartClusterAsync("release-long-outage");
        var (person, transferId) = await ApplyAndReviewAsync(cluster);
        var transfer = cluster.Client.GetTransferGrain(transferId);

        // The approval is saved, its release step is not. Five reads fail: the reload after that write, the one before
        // answering the caller (who hears "unavailable"), the 2 s reload timer's at 2 s and 4 s, and the resume tick's at 5 s.
        _faults.FailWrite(transfer.GetGrainId(), WriteFault.NotCommitted, passing: 1);
        _faults.FailReads(transfer.GetGrainId(), 5);
        var unavailable = await Assert.ThrowsAsync<JinBaoException>(() =>
            transfer.ApproveAsync(new TransferDecision(Guangzhou, "no arrears", new Requester("clerk:chen@440100", "approve-1"))));
        Assert.Equal(ErrorKind.Unavailable, unavailable.Kind);

        await AssertCompletesOnceAsync(cluster, person, transferId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApprovalThatCommittedWhileItsCallerHeardItFail_ResumesByItself(bool reloadFails)
    {
        await using var cluster = await StartClusterAsync(reloadFails ? "approval-unknown" : "approval-committed");
        var (person, transferId) = await ApplyAndReviewAsync(cluster);
        var transfer = cluster.Client.GetTransferGrain(transferId);

        // The approval commits, with its pending release, but the connection dies before the reply.
        _faults.FailWrite(transfer.GetGrainId(), WriteFault.CommittedAnswerLost);
        _faults.FailReads(transfer.GetGrainId(), reloadFails ? 1 : 0);
        var refused = await Assert.ThrowsAsync<JinBaoException>(() =>
            transfer.ApproveAsync(new TransferDecision(Guangzhou, "no arrears", new Requester("clerk:chen@440100", "approve-1"))));
        Assert.Equal(ErrorKind.Unavailable, refused.Kind);

        // Storage holds the approval: its release runs without the caller, a call or the hourly reminder.
        await AssertCompletesOnceAsync(cluster, person, transferId);
    }

    [Fact]
    public async Task InboxDocumentWhoseGrainCannotSaveIt_IsRetried_NotRecordedAsRefused()
    {
        await using var cluster = await StartClusterAsync("inbox-unavailable");
        var transferId = TransferId.New();
        var document = ContactLetterFromChengdu(transferId);
        await Sql.ExecuteAsync(_database, "INSERT INTO jinbao_inbox (document_id, sender, receiver, type, document) VALUES (@id, @sender, @receiver, @type, @document)",
            ("id", document.DocumentId.Value), ("sender", document.Sender), ("receiver", document.Receiver), ("type", document.Type),
            ("document", JsonSerializer.Serialize(document, ExchangeJson.Wire)));
        var inbox = cluster.Silos[0].ServiceProvider.GetRequiredService<ExchangeInbox>();

        // The transfer grain cannot save the document now: its database does not answer.
        _faults.FailWrite(cluster.Client.GetTransferGrain(transferId).GetGrainId(), WriteFault.NotCommitted);
        await inbox.ProcessAsync(document.DocumentId.Value, CancellationToken.None);
        Assert.Equal("waiting", await InboxRowAsync(document.DocumentId));

        // The retry applies it.
        await inbox.ProcessAsync(document.DocumentId.Value, CancellationToken.None);
        Assert.DoesNotContain("refused", await InboxRowAsync(document.DocumentId), StringComparison.Ordinal);
        Assert.Contains(document.DocumentId.Value, (await Sql.StringsAsync(_database, """
            SELECT jsonb_array_elements_text(convert_from(payloadbinary, 'UTF8')::jsonb -> 'processedDocuments')
            FROM orleans_storage WHERE graintypestring = 'pension-transfer'
            """)));
    }

    [Fact]
    public async Task ArrivingDocumentWhoseGrainCannotSaveIt_IsStoredForLater_AndTheSendersRetryAppliesIt()
    {
        await using var cluster = await StartClusterAsync("inbox-arriving-unavailable");
        var transferId = TransferId.New();
        var document = ContactLetterFromChengdu(transferId);
        var inbox = cluster.Silos[0].ServiceProvider.GetRequiredService<ExchangeInbox>();

        // The grain goes first now, and cannot save: the document is still stored, which is what the sender must hear.
        _faults.FailWrite(cluster.Client.GetTransferGrain(transferId).GetGrainId(), WriteFault.NotCommitted);
        Assert.True(await inbox.ReceiveAsync(document, CancellationToken.None));
        Assert.Equal("waiting", await InboxRowAsync(document.DocumentId));

        // A second delivery of it is a replay (nothing new stored) that applies the waiting row.
        Assert.False(await inbox.ReceiveAsync(document, CancellationToken.None));
        var row = await InboxRowAsync(document.DocumentId);
        Assert.StartsWith("processed: ", row, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", row, StringComparison.Ordinal);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(_database, """
            SELECT count(*)::bigint FROM orleans_storage
            WHERE graintypestring = 'pension-transfer' AND convert_from(payloadbinary, 'UTF8')::jsonb -> 'processedDocuments' ? @id
            """, ("id", document.DocumentId.Value)));
    }

    [Fact]
    public async Task ArrivingDocument_IsAppliedThenStoredProcessed_AndAReplayChangesNothing()
    {
        await using var cluster = await StartClusterAsync("inbox-arriving");
        var transferId = TransferId.New();
        var document = ContactLetterFromChengdu(transferId);
        var inbox = cluster.Silos[0].ServiceProvider.GetRequiredService<ExchangeInbox>();

        Assert.True(await inbox.ReceiveAsync(document, CancellationToken.None));
        var row = await InboxRowAsync(document.DocumentId);
        Assert.StartsWith("processed: ", row, StringComparison.Ordinal);
        var stored = await Sql.StringsAsync(_database, "SELECT convert_from(payloadbinary, 'UTF8') FROM orleans_storage WHERE graintypestring = 'pension-transfer'");

        Assert.False(await inbox.ReceiveAsync(document, CancellationToken.None));
        Assert.Equal(row, await InboxRowAsync(document.DocumentId));
        Assert.Equal(stored, await Sql.StringsAsync(_database, "SELECT convert_from(payloadbinary, 'UTF8') FROM orleans_storage WHERE graintypestring = 'pension-transfer'"));
    }

    /// <summary>A contact letter from Chengdu for a person once insured in Guangzhou, as the inbox holds it (already verified).</summary>
    private static ExchangeDocument ContactLetterFromChengdu(TransferId transferId)
    {
        var letter = ExchangeJson.Create(DocumentId.New(), DocumentTypes.ContactLetter, "prov-440000", TestPeople.Next(birthYear: 1991).Value,
            transferId.ToString(), new ContactLetterPayload(Guangzhou, RegionCode.Parse("510100"), "clerk:li@510100", null), DateTimeOffset.UtcNow);
        return new ExchangeDocument(letter.DocumentId, letter.Type, "prov-510000", letter.Receiver, letter.CitizenId, letter.TransferId,
            letter.Payload, letter.CreatedAt, Signature: "verified when received");
    }

    private async Task<string> InboxRowAsync(DocumentId documentId) =>
        Assert.Single(await Sql.StringsAsync(_database,
            "SELECT CASE WHEN processed_at IS NULL THEN 'waiting' ELSE 'processed: ' || outcome END FROM jinbao_inbox WHERE document_id = @id", ("id", documentId.Value)));

    private async Task<InProcessTestCluster> StartClusterAsync(string name)
    {
        _database = await fixture.CreateDatabaseAsync(name);
        return await TestClusters.StartAsync(_database, silos: 1, configure: silo =>
            silo.Services.AddGrainStorage(JinBaoStorage.ProviderName, (services, _) =>
                new FaultyGrainStorage(ActivatorUtilities.CreateInstance<JinBaoGrainStorage>(services), _faults)));
    }

    /// <summary>Waits for storage (not the grain, which a call would wake) to hold the completed transfer; then checks it happened once.</summary>
    private async Task AssertCompletesOnceAsync(InProcessTestCluster cluster, CitizenId person, TransferId transferId)
    {
        var completed = await Retry.UntilAsync(async () => await StoredAsync(person) == ("completed", "none"), SettleWithin);
        Assert.True(completed, $"the saved step did not resume: storage still holds {await StoredAsync(person)}");

        var record = await cluster.Client.GetPersonGrain(person).GetRecordAsync();
        Assert.Equal(15, record.Segments.Single(s => s.City == Shenzhen).Months.Count);                  // merged once
        Assert.Equal(6L, await Sql.ScalarAsync<long>(_database,
            $"SELECT count(*) FROM jinbao_ledger_entries WHERE movement_id LIKE 'transfer:{transferId}:%'")); // out and in, 3 legs each, once
        Assert.Equal(0L, await Sql.ScalarAsync<long>(_database, "SELECT count(*) FROM jinbao_ledger_unbalanced_movements"));
        var done = await cluster.Client.GetTransferGrain(transferId).GetAsync();
        Assert.Equal(TransferStatus.Completed, done.Status);
        Assert.Single(done.Timeline, step => step.Status == TransferStatus.CertificateAndFundsSent);
    }

    /// <summary>The transfer's stored step and pending work.</summary>
    private async Task<(string Status, string Pending)> StoredAsync(CitizenId person)
    {
        var row = await Sql.StringsAsync(_database, """
            SELECT (state ->> 'status') || ' ' || (state ->> 'pending')
            FROM (SELECT convert_from(payloadbinary, 'UTF8')::jsonb AS state FROM orleans_storage WHERE graintypestring = 'pension-transfer') AS transfers
            WHERE state ->> 'citizenId' = @citizen
            """, ("citizen", person.Value));
        var parts = Assert.Single(row).Split(' ');
        return (parts[0], parts[1]);
    }

    /// <summary>A person with 12 months in Guangzhou, now in Shenzhen; Shenzhen has applied and approved its review.</summary>
    private static async Task<(CitizenId Person, TransferId Transfer)> ApplyAndReviewAsync(InProcessTestCluster cluster)
    {
        var id = TestPeople.Next(birthYear: 1992);
        var person = cluster.Client.GetPersonGrain(id);
        var guangzhou = new Requester("city:440100", null);
        var shenzhen = new Requester("city:440300", null);
        await person.EnrolAsync(new EnrolPerson(Guangzhou, Guangzhou, new DateOnly(2025, 1, 1), guangzhou));
        await person.DeclareMonthsAsync(new YearMonth(2025, 1), 12, 8000, guangzhou);
        await person.EnrolAsync(new EnrolPerson(Guangzhou, Shenzhen, new DateOnly(2026, 1, 1), shenzhen));
        await person.DeclareMonthsAsync(new YearMonth(2026, 1), 3, 9000, shenzhen);
        var transferId = TransferId.New();
        var transfer = cluster.Client.GetTransferGrain(transferId);
        await transfer.ApplyAsync(new ApplyForTransfer(id, Guangzhou, Shenzhen, shenzhen));
        var reviewed = await transfer.ApproveAsync(new TransferDecision(Shenzhen, null, shenzhen));
        Assert.Equal(TransferStatus.ContactLetterIssued, reviewed.Status);
        return (id, transferId);
    }
}
