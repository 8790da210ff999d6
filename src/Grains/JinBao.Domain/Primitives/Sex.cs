namespace JinBao.Primitives;

/// <summary>Sex as encoded in the citizen id's sequence code (odd = male, even = female; GB 11643-1999).</summary>
public enum Sex
{
    /// <summary>Male (odd sequence code).</summary>
    Male = 1,

    /// <summary>Female (even sequence code).</summary>
    Female = 2,
}
