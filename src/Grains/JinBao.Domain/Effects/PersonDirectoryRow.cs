namespace JinBao.Effects;

/// <summary>
/// A person's row in a city's directory (<c>jinbao_person_directory</c>), where an agency finds its persons by name
/// without loading every person grain. Written with each enrolment that changes the person, in its transaction. The
/// city's row keeps the date of the person's first enrolment there; a name, when the person has one, becomes the name
/// of every row of the person, so a corrected name is found under the new name in every city that holds them.
/// </summary>
/// <param name="City">The city the person was enrolled in.</param>
/// <param name="CitizenId">The person.</param>
/// <param name="Name">The person's name as recorded now; null keeps what the rows hold.</param>
/// <param name="EnrolledOn">The enrolment's date; kept only by a new row.</param>
public sealed record PersonDirectoryRow(string City, string CitizenId, string? Name, DateOnly EnrolledOn);
