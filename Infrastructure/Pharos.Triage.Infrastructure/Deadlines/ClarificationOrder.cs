namespace Pharos.Triage.Infrastructure.Deadlines;

/// <summary>What a consumer does with a question's pause or resume, given what it has already applied.</summary>
public enum QuestionStep
{
    /// <summary>It is the next fact about the request's questions: apply it.</summary>
    Apply,

    /// <summary>Already applied, about an older question, or the request is closed: change nothing.</summary>
    Ignore,

    /// <summary>An earlier fact has not arrived yet: wait for it (retry), so that nothing is applied out of order.</summary>
    Wait,
}

/// <summary>
/// Pauses and resumes in the order of their questions. Messages about one request can arrive in any
/// order (the outbox publishes a batch at once, and each consumer has its own queue), so each carries
/// its question's number (1 for the first question): the pause of question n applies only after the
/// resume of question n - 1, its resume only after its pause, and a late or repeated fact about an
/// older question changes nothing. Pure; the state is the request's: closed or not, the number of the
/// last question whose pause was applied (0 before any), and whether that question is still open.
/// </summary>
public static class ClarificationOrder
{
    public static QuestionStep Pause(bool closed, int lastQuestion, bool open, int question)
    {
        if (closed) return QuestionStep.Ignore;
        // Unnumbered (published before questions were numbered): the next question, as it was then taken.
        if (question <= 0) return open ? QuestionStep.Ignore : QuestionStep.Apply;
        if (question <= lastQuestion) return QuestionStep.Ignore;
        return question == lastQuestion + 1 && !open ? QuestionStep.Apply : QuestionStep.Wait;
    }

    public static QuestionStep Resume(bool closed, int lastQuestion, bool open, int question)
    {
        if (closed) return QuestionStep.Ignore;
        if (question <= 0) return open ? QuestionStep.Apply : QuestionStep.Wait;
        if (question < lastQuestion) return QuestionStep.Ignore;
        if (question > lastQuestion) return QuestionStep.Wait;
        return open ? QuestionStep.Apply : QuestionStep.Ignore;
    }
}
