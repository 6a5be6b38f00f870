using AccessBroker.Core.Requests;

namespace AccessBroker.Core.Tests.Requests;

public sealed class AccessRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Person Developer = new("dev", "Dev", null, ["developers"]);
    private static readonly Person Lead = new("lead", "Lead", null, ["payments-leads"]);
    private static readonly Person OtherLead = new("lead-2", "Second lead", null, ["payments-leads", "developers"]);
    private static readonly Person Stranger = new("stranger", "Stranger", null, ["marketing"]);

    private static AccessRequest Pending(int requiredApprovals = 1) => new()
    {
        Id = Guid.NewGuid(),
        Requester = Developer,
        Cluster = "prod",
        Namespace = "payments",
        Role = "troubleshoot",
        Duration = TimeSpan.FromHours(1),
        Reason = "INC-1",
        Status = AccessRequestStatus.Pending,
        RequiredApprovals = requiredApprovals,
        ApproverGroups = ["payments-leads"],
        CreatedAt = Now,
        PendingUntil = Now.AddDays(1),
    };

    [Fact]
    public void The_request_is_approved_when_the_count_of_distinct_approvals_is_reached()
    {
        var request = Pending(requiredApprovals: 2);

        request.Review(Lead, approve: true, "ok", Now).ShouldBe(ReviewResult.ApprovalRecorded);
        request.Review(Lead, approve: true, "again", Now).ShouldBe(ReviewResult.AlreadyAnswered);
        request.Status.ShouldBe(AccessRequestStatus.Pending);
        request.Review(OtherLead, approve: true, "ok too", Now).ShouldBe(ReviewResult.Approved);

        request.Status.ShouldBe(AccessRequestStatus.Approved);
        request.ApprovalCount.ShouldBe(2);
        request.ClosedAt.ShouldBe(Now);
    }

    [Fact]
    public void One_denial_closes_the_request()
    {
        var request = Pending(requiredApprovals: 2);

        request.Review(Lead, approve: false, "not now", Now).ShouldBe(ReviewResult.Denied);

        request.Status.ShouldBe(AccessRequestStatus.Denied);
        request.ClosingComment.ShouldBe("not now");
        request.Review(OtherLead, approve: true, null, Now).ShouldBe(ReviewResult.NotPending);
    }

    [Fact]
    public void Requesters_and_outsiders_cannot_answer()
    {
        var request = Pending();

        request.Review(Developer, approve: true, null, Now).ShouldBe(ReviewResult.OwnRequest);
        request.Review(Stranger, approve: true, null, Now).ShouldBe(ReviewResult.NotAnApprover);
        request.Approvals.ShouldBeEmpty();
    }

    [Fact]
    public void Only_the_requester_and_approver_group_members_see_a_request()
    {
        var request = Pending();

        request.IsVisibleTo(Developer).ShouldBeTrue();
        request.IsVisibleTo(Lead).ShouldBeTrue();
        request.IsVisibleTo(Stranger).ShouldBeFalse();
    }

    [Fact]
    public void A_request_awaits_only_approvers_who_have_not_answered_yet_and_never_its_requester()
    {
        var request = Pending(requiredApprovals: 2);
        var requesterWhoIsAlsoALead = Developer with { Groups = ["payments-leads"] };

        request.IsAwaiting(Lead).ShouldBeTrue();
        request.IsAwaiting(requesterWhoIsAlsoALead).ShouldBeFalse();
        request.IsAwaiting(Stranger).ShouldBeFalse();

        request.Review(Lead, approve: true, null, Now);
        request.IsAwaiting(Lead).ShouldBeFalse();
        request.IsAwaiting(OtherLead).ShouldBeTrue();

        request.Close(AccessRequestStatus.Cancelled, "fixed", Now);
        request.IsAwaiting(OtherLead).ShouldBeFalse();
    }
}
