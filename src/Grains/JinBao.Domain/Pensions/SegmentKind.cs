namespace JinBao.Pensions;

/// <summary>What kind of account a segment is (spec §3.3).</summary>
public enum SegmentKind
{
    /// <summary>A regular pension relationship.</summary>
    Regular,

    /// <summary>A temporary contribution account (临时基本养老保险缴费账户) for a 50+/40+ mover in a non-hukou place.</summary>
    Temporary,
}
