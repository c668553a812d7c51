namespace KevyElect.Protocol
{
    /// <summary>Why <see cref="RespCommandParser"/> stopped short of a command: the detail behind Incomplete or Malformed.</summary>
    internal enum RespParseProblem : byte
    {
        /// <summary>A command was parsed.</summary>
        None,
        /// <summary>Incomplete: the input holds only empty commands (blank lines, <c>*0</c>, <c>*-1</c>), or nothing.</summary>
        OnlyEmpty,
        /// <summary>Incomplete: an inline line without its CRLF.</summary>
        InlineUnterminated,
        /// <summary>The array header (<c>*n\r\n</c>): Incomplete while it is arriving, Malformed when it is not a count within the limit.</summary>
        ArrayHeader,
        /// <summary>Incomplete: the input ends before the field's first byte.</summary>
        FieldMissing,
        /// <summary>Malformed: the field does not start with <c>$</c>.</summary>
        FieldNotBulk,
        /// <summary>The field's length header (<c>$len\r\n</c>): Incomplete while it is arriving, Malformed when it is not a length within the limit.</summary>
        FieldHeader,
        /// <summary>Incomplete: the field's data and its CRLF have not all arrived.</summary>
        FieldData,
        /// <summary>Malformed: the field's data is not followed by CRLF.</summary>
        FieldTerminator,
    }

    /// <summary>Where and why a parse stopped, for error messages; filled only when the parse did not complete.</summary>
    internal struct RespParseDetail
    {
        /// <summary>What stopped the parse.</summary>
        public RespParseProblem Problem;

        /// <summary>Offset in the input of the command (after skipped empties) the problem is in.</summary>
        public int CommandStart;

        /// <summary>Offset in the input of the header or field the problem is in.</summary>
        public int At;

        /// <summary>The array's declared count, once its header was read.</summary>
        public int Count;

        /// <summary>0-based index of the field the problem is in.</summary>
        public int Field;

        /// <summary>The field's declared length, once its header was read.</summary>
        public long Length;

        /// <summary>Offset in the input of the field's data, once its header was read.</summary>
        public int DataStart;
    }
}
