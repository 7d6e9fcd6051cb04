/**
 * The one style sheet of {@link htmlReport}, inlined in its `<head>`: dark text on a light page, a column that
 * narrows to phone width (wide tables scroll sideways in their own box), and print rules that keep the
 * heatmap's colours and do not split a table or a chart across pages.
 */
export const REPORT_CSS = `:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#ffffff;color:#1a1a1a;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:960px;margin:0 auto;padding:24px 24px 48px}
header{border-bottom:2px solid #1a1a1a;margin-bottom:16px;padding-bottom:8px}
h1{font-size:28px;line-height:1.2;margin:0 0 4px}
h2{font-size:21px;margin:32px 0 8px;border-bottom:1px solid #cccccc;padding-bottom:4px}
.lm-subtitle{font-size:17px;margin:0 0 4px;color:#333333}
.lm-data-note{margin:8px 0 0;color:#444444;font-size:14px}
nav ol{margin:8px 0 0;padding-left:20px;columns:2 240px;font-size:14px}
a{color:#0b4f9c}
p{margin:8px 0;max-width:72ch}
.lm-scroll{overflow-x:auto;margin:12px 0 20px;max-width:100%}
table.lm-kpis,table.lm-table{border-collapse:collapse;font-size:14px;font-variant-numeric:tabular-nums;min-width:50%}
.lm-kpis caption,.lm-table caption{caption-side:top;text-align:left;font-weight:600;padding:4px 0}
.lm-kpis th,.lm-kpis td,.lm-table th,.lm-table td{padding:4px 10px;border-bottom:1px solid #dddddd;text-align:left;vertical-align:top}
.lm-kpis thead th,.lm-table thead th{border-bottom:1px solid #888888;font-weight:600}
.lm-kpis tbody th,.lm-table tbody th{font-weight:500}
.lm-num{text-align:right!important;white-space:nowrap}
.lm-note{color:#444444;font-size:13px}
.lm-figure{margin:12px 0 20px;max-width:100%;overflow-x:auto}
.lm-figure svg{max-width:100%;height:auto}
.lm-heatmap svg{max-width:100%;height:auto}
footer{margin-top:40px;border-top:1px solid #cccccc;padding-top:8px;color:#555555;font-size:13px}
@media (max-width:640px){main{padding:12px 12px 32px}body{font-size:14px}h1{font-size:22px}h2{font-size:18px}.lm-kpis th,.lm-kpis td,.lm-table th,.lm-table td{padding:3px 6px}nav ol{columns:1}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}nav{display:none}a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}table,.lm-figure,.lm-heatmap{break-inside:avoid}.lm-scroll,.lm-figure{overflow:visible}}`;
