using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Adds files to a complaint (multipart, one or more <c>file</c> fields, at most <see cref="AttachmentTexts.MaxFiles"/>):
/// the customer on their own complaint, or staff. Each file is judged alone — by its bytes, not its name — so a
/// refused one never costs the others: they are kept, and the refusal names the file and why.
/// </summary>
internal static class AttachComplaintFiles
{
    public sealed record Response(IReadOnlyList<ComplaintFile> Attached);

    public static async Task<Results<Ok<Response>, NotFound, ValidationProblem>> HandleAsync(
        string id, HttpRequest request, AppDbContext db, ActorAccessor actors, IComplaintFiles files,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var errors = new ValidationErrors(l);
        if (await UploadForm.ReadAsync(request, ct) is not { } form)
        {
            errors.AddKey("file", request.HasFormContentType ? "Attachment.Unreadable" : "Attachment.Missing");
            return errors.ToProblem();
        }
        var offered = form.Files.GetFiles("file");
        if (offered.Count == 0)
        {
            errors.AddKey("file", "Attachment.Missing");
            return errors.ToProblem();
        }
        var kept = new List<Guid>();
        foreach (var (file, index) in offered.Select((f, i) => (f, i)))
        {
            if (index >= AttachmentTexts.MaxFiles)
            {
                errors.AddKey("file", "Attachment.TooMany", AttachmentTexts.MaxFiles, file.FileName);
                continue;
            }
            await using var content = file.OpenReadStream();
            var outcome = await files.KeepAsync(ticket.Id, null, file.FileName, file.Length, content, ct);
            if (outcome.Id is { } keptId) kept.Add(keptId);
            else errors.Add("file", AttachmentTexts.Refused(l, outcome.FileName, outcome.Refusal!, files.MaxBytes));
        }
        var attached = (await files.ListAsync(ticket.Id, actor, ct)).Where(f => kept.Contains(f.Id)).ToList();
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: l["Validation.Title"],
                extensions: new Dictionary<string, object?> { ["attached"] = attached });
        }
        return TypedResults.Ok(new Response(attached));
    }
}
