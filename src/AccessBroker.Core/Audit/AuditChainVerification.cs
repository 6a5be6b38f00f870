namespace AccessBroker.Core.Audit;

/// <summary>The result of recomputing the hash chain: <see cref="FirstInvalidSequence"/> is null when the log is intact.</summary>
public sealed record AuditChainVerification(bool Valid, long Count, long? FirstInvalidSequence)
{
    /// <summary>
    /// Walks the records in sequence order and reports the first position where the chain does not hold: a missing
    /// sequence (the number that should have come next), a previous hash that is not the prior record's hash, or a
    /// hash that does not match the record's content. <see cref="Count"/> counts every record read.
    /// </summary>
    public static async Task<AuditChainVerification> VerifyAsync(IAsyncEnumerable<AuditRecord> recordsInSequenceOrder, CancellationToken cancellationToken)
    {
        long count = 0;
        long? firstInvalid = null;
        var expectedSequence = 1L;
        var previousHash = AuditChain.Genesis;
        await foreach (var record in recordsInSequenceOrder.WithCancellation(cancellationToken))
        {
            count++;
            if (firstInvalid is not null)
            {
                continue;
            }

            if (record.Sequence != expectedSequence)
            {
                firstInvalid = expectedSequence;
            }
            else if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal)
                     || !string.Equals(record.Hash, AuditChain.ComputeHash(record), StringComparison.Ordinal))
            {
                firstInvalid = record.Sequence;
            }

            expectedSequence = record.Sequence + 1;
            previousHash = record.Hash;
        }

        return new AuditChainVerification(firstInvalid is null, count, firstInvalid);
    }
}
