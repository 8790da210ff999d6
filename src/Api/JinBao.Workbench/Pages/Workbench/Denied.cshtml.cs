namespace JinBao.Workbench.Pages.Workbench;

public sealed class DeniedModel : WorkbenchPage
{
    public void OnGet()
    {
    }
}
