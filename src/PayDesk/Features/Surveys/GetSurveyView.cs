namespace PayDesk.Features.Surveys;

/// <summary>A survey as the respondent sees it (the API by token or complaint, the survey page, the customer's complaint page).</summary>
internal static class GetSurveyView
{
    public static SurveyView From(Survey s) => new(s.Id, s.Kind, s.Subject, s.TicketNumber, s.Scale.Min, s.Scale.Max, s.SentAt, s.ExpiresAt,
        s.AnsweredAt is not null, s.Score, s.FirstContactResolved, s.Comment);
}
