import Foundation
import Ingest
import RAGCore
import Testing

/// Page tools (print, close, share, font size, back to top) are not content.
@Suite("HTML boilerplate")
struct HTMLBoilerplateTests {
    @Test("The GB18030 JUNO page of the project corpus loses 【打印本页】【关闭窗口】 and the font-size links, keeps its text")
    func chineseInstitutePage() throws {
        let file = TestPaths.repositoryRoot.appendingPathComponent("corpora/html/juno-zh-gb18030.html")
        let document = try HTMLLoader().parse(try Data(contentsOf: file), source: file.path, contentType: nil)
        let text = document.fullText
        for furniture in ["打印本页", "关闭窗口", "加入收藏", "版权所有"] {
            #expect(!text.contains(furniture), "\(furniture) is still in the text")
        }
        #expect(text.contains("江门中微子实验的首要科学目标是测定中微子质量顺序"))
        #expect(document.sections.map(\.title).contains("五、与大亚湾实验的传承"))
    }

    @Test("An English institute news page loses Print | Email | Share and Back to top, keeps a paragraph that mentions printing")
    func englishInstitutePage() throws {
        let html = """
            <html><head><title>Detector upgrade completed</title></head><body>
            <div id="content"><h1>Detector upgrade completed</h1>
            <div class="article-tools"><a href="javascript:window.print()">Print</a> | <a href="mailto:?subject=news">Email</a> | <a href="#">Share</a></div>
            <p>The new silicon tracker was installed in March. Its modules were built with 3D-printed carbon supports,
            and the collaboration will print the commissioning report in the autumn issue of the lab magazine.</p>
            <p>Commissioning with cosmic rays starts next month; first collisions are expected after the winter shutdown.</p>
            <div class="tools-bottom"><a href="javascript:window.close()">Close window</a> · <a href="#top">Back to top ↑</a></div>
            </div></body></html>
            """
        let document = try HTMLLoader().parse(Data(html.utf8), source: "https://lab.example/news/upgrade", contentType: "text/html")
        let text = document.fullText
        for furniture in ["Print |", "Email |", "Close window", "Back to top"] {
            #expect(!text.contains(furniture), "\(furniture) is still in: \(text)")
        }
        #expect(text.contains("will print the commissioning report"))
        #expect(text.contains("first collisions are expected"))
    }
}
