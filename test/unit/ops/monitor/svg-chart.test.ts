import { describe, expect, it } from "vitest";
import { escapeXml, renderSvgChart } from "../../../../src/skills/ops/monitor/svg-chart.js";

const T0 = Date.parse("2026-11-23T10:00:00Z");
const points = (...values: number[]) => values.map((v, i) => ({ t: T0 + i * 300_000, v }));

function polylines(svg: string): string[][] {
  return [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]!.split(" "));
}

describe("renderSvgChart", () => {
  it("draws one polyline per series, scaled into the panel, with time and value labels", () => {
    const svg = renderSvgChart({
      title: "shop test",
      panels: [
        {
          title: "api · Duration",
          unit: "ms",
          series: [
            { label: "average", points: points(100, 300, 200) },
            { label: "p95", points: points(150, 500, 260) },
          ],
        },
      ],
    });

    const lines = polylines(svg);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveLength(3);
    expect(svg).toContain("api · Duration (ms)");
    expect(svg).toContain(">2026-11-23 10:00<");
    expect(svg).toContain(">2026-11-23 10:10<");
    expect(svg).toContain(">500<");
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("maps the lowest time to the left edge and the highest value to the top of the plot", () => {
    const svg = renderSvgChart({
      title: "t",
      width: 500,
      panels: [{ title: "p", unit: "", series: [{ label: "s", points: points(0, 10) }] }],
    });

    const [first, last] = polylines(svg)[0]!;
    expect(first).toBe("72,180");
    expect(last).toBe("476,68");
  });

  it("marks a single point with a dot and an empty panel with a note", () => {
    const svg = renderSvgChart({
      title: "t",
      panels: [
        { title: "one", unit: "", series: [{ label: "s", points: points(5) }] },
        { title: "none", unit: "", series: [{ label: "s", points: [] }] },
      ],
    });

    expect(svg).toContain("<circle");
    expect(svg).toContain("no data in the window");
  });

  it("says so when there is nothing to draw", () => {
    expect(renderSvgChart({ title: "t", panels: [] })).toContain("no metrics to draw");
  });

  it("escapes names that would break the document", () => {
    const svg = renderSvgChart({
      title: `a<b & "c"`,
      panels: [{ title: "x'y", unit: "<u>", series: [{ label: "s&t", points: points(1, 2) }] }],
    });

    expect(svg).toContain("a&lt;b &amp; &quot;c&quot;");
    expect(svg).toContain("x&apos;y (&lt;u&gt;)");
    expect(svg).toContain(">s&amp;t<");
    expect(svg).not.toMatch(/<b |<u>/);
  });

  it("gives the same bytes for the same input", () => {
    const input = {
      title: "t",
      panels: [{ title: "p", unit: "%", series: [{ label: "s", points: points(3, 1, 4, 1, 5) }] }],
    };

    expect(renderSvgChart(input)).toBe(renderSvgChart(input));
  });

  it.each([
    ["&", "&amp;"],
    ["<>", "&lt;&gt;"],
    [`"'`, "&quot;&apos;"],
    ["plain", "plain"],
  ])("escapeXml(%j) = %j", (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});
